/** Stylesheet of the remediation pages (client/remediation.css, bundled by scripts/build-client.mjs). */
export const STYLES = ['/static/build/remediation.css'];
