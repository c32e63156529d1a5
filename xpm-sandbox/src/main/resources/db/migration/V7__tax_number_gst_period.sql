-- A client's tax number (held in full, answered masked) and GST period (held as a number of months, as an update
-- takes it; answered in words). The practice behaviour "updates clear what they leave out" is gone: XPM answers the
-- tax number masked, so an update that cleared what it leaves out would lose every client's tax number.
ALTER TABLE client ADD COLUMN tax_number VARCHAR(40);
ALTER TABLE client ADD COLUMN gst_period_months INTEGER;
ALTER TABLE practice DROP COLUMN updates_clear_omitted;
