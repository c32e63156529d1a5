-- Why a firm's index bootstrap or catch-up is waiting (a 429 from Karbon, Karbon not answering), shown in the
-- connection's status with the time it is due again (updated_at of a PENDING connection).
ALTER TABLE karbon_connection ADD COLUMN wait_reason TEXT;
