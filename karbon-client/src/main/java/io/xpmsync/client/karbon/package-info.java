/**
 * Typed client for the Karbon API v3 (JSON): Authorization + AccessKey, OData paging, rate limit with Retry-After, retries. Built in issue #4.
 */
package io.xpmsync.client.karbon;
