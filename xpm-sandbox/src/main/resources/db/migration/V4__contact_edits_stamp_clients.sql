-- Whether an edit of a contact stamps its clients as modified (so list?modifiedsince= shows it). Nothing public says
-- real XPM does; a practice can be set not to, so that xpm-sync's contact sweep is tested against the worst case.
ALTER TABLE practice ADD COLUMN contact_edits_stamp_clients BOOLEAN NOT NULL DEFAULT true;
