-- Who holds a waiting change, until when: a change claimed by a worker is not claimed again while its write to XPM is
-- under way, even when a newer change of the contact arrives meanwhile (it moves due_at, never the claim). Before,
-- the claim was due_at moved a minute on, which the newer change moved back: a second worker took the contact and
-- created it in XPM a second time.
ALTER TABLE pending_push ADD COLUMN claimed_until TIMESTAMPTZ;
