-- A client may be a prospect (XPM's IsProspect); converting one makes a new client with a new UUID.
ALTER TABLE client ADD COLUMN prospect BOOLEAN NOT NULL DEFAULT false;
-- Whether client.api/list leaves out BusinessStructure and IsProspect, as Xero's list example does: they are among the
-- fields client.api/get returns (BusinessStructure when the practice uses the practice-management module).
ALTER TABLE practice ADD COLUMN list_omits_get_fields BOOLEAN NOT NULL DEFAULT false;
