// Approves a device sign-in the way a person would in a browser, through oidc-provider's
// own interaction pages: the user code, a login (any name: the dev interactions), consent.
// Usage: node approve.mjs ISSUER USER_CODE LOGIN, or node approve.mjs ISSUER URL LOGIN to
// follow a browser sign-in from its authorization URL back to Tempo's loopback redirect.
const [issuer, userCode, login] = process.argv.slice(2);
const jar = new Map();

async function go(url, init = {}) {
  url = new URL(url, issuer).toString();
  for (let hop = 0; hop < 10; hop += 1) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers || {}), cookie } });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const next = r.headers.get('location');
    if (r.status >= 300 && r.status < 400 && next) {
      url = new URL(next, url).toString();
      init = {};
      continue;
    }
    return { url, html: await r.text() };
  }
  throw new Error('too many redirects');
}

// Posts the page's first form with its hidden fields and `extra`.
async function submit(page, extra) {
  const form = page.html.match(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/);
  if (!form) throw new Error(`no form at ${page.url}:\n${page.html}`);
  const fields = {};
  for (const m of form[2].matchAll(/<input[^>]*>/g)) {
    const name = m[0].match(/name="([^"]*)"/);
    const value = m[0].match(/value="([^"]*)"/);
    if (name) fields[name[1]] = value ? value[1] : '';
  }
  Object.assign(fields, extra);
  return go(new URL(form[1].replace(/&amp;/g, '&'), page.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

let page = await go(userCode.startsWith('http') ? userCode : `/device?user_code=${encodeURIComponent(userCode)}`);
for (let step = 0; step < 6; step += 1) {
  if (/success|signed in|connected/i.test(page.html) && !/<form/.test(page.html)) {
    console.log('approved');
    process.exit(0);
  }
  const extra = /name="login"/.test(page.html) ? { login, password: 'any' } : {};
  page = await submit(page, extra);
}
console.error(`not approved; last page ${page.url}:\n${page.html}`);
process.exit(1);
