/**
 * Security headers on every response (helmet): a strict Content-Security-Policy — scripts only from
 * this origin, no inline script, no framing — so that one missed escape cannot run script;
 * nosniff, Referrer-Policy, and HSTS when served over HTTPS (GONGFU_SECURE_COOKIES=1 says so).
 * Inline styles stay allowed: Element Plus and ECharts position elements with style attributes.
 * The API docs (/api/docs) load Swagger UI's own inline script: its routes get their own policy.
 */
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import type { Config } from '../config.js';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export async function installSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'secureCookies'>): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    hsts: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
}
