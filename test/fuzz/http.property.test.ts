/**
 * At least 10,000 generated requests through each HTTP path, in process, and a sample over a real
 * socket: the suites are modules of their own, gathered here so the content loads once for all.
 */
import './suites/webhooks-http.js';
import './suites/api-http.js';
import './suites/socket-http.js';
