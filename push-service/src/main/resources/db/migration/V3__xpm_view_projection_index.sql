-- Looking up an unmapped XPM record by the pushed values it holds (a Karbon contact just created from it).
CREATE INDEX xpm_view_projection ON xpm_view (firm_id, projection_hash);
