/**
 * Typed client for the XPM 3.1 XML API: XML mapping of clients and contacts, OAuth bearer + Xero-Tenant-Id, per-tenant call budget, 429/Retry-After, Status ERROR handling. Built in issue #3.
 */
package io.xpmsync.client.xpm;
