-- Whether client.api/update and a contact's update clear the fields a request leaves out. XPM does not document what
-- it does with them; a practice can be set to the worst case, so that xpm-sync's updates are tested against it.
ALTER TABLE practice ADD COLUMN updates_clear_omitted BOOLEAN NOT NULL DEFAULT false;
