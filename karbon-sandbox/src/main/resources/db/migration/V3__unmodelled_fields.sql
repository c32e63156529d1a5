-- Fields of a Contact, Organization or business card that the sandbox does not interpret (Suffix, ClientOwner,
-- AccountingDetail, social links, ...), kept as the last write gave them and answered back, as Karbon keeps them.
ALTER TABLE karbon_record ADD COLUMN unmodelled TEXT;
ALTER TABLE business_card ADD COLUMN unmodelled TEXT;
