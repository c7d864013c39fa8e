// Runs in the page after every browser action (Runtime.evaluate, result by value). Gives every
// element a `bid` attribute (kept across snapshots of the same document, as BrowserGym's ids
// are), and answers what the observation needs that the accessibility tree does not hold:
// per-bid visibility, bounding box and clickability, the focused element's bid, and the page's
// text as Markdown (links kept, images by their alt text, forms and scripts left out).
(() => {
  const counterKey = '__sandpodBidCounter';
  if (!(counterKey in window)) window[counterKey] = 0;
  const all = [];
  const collect = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) collect(el.shadowRoot);
    }
  };
  collect(document);
  const vw = window.innerWidth, vh = window.innerHeight;
  const clickableTags = new Set(['a', 'button', 'input', 'select', 'textarea', 'summary', 'option', 'label', 'details']);
  const clickableRoles = new Set(['button', 'link', 'checkbox', 'radio', 'menuitem', 'tab', 'option', 'switch', 'combobox', 'textbox']);
  const extra = {};
  for (const el of all) {
    if (!el.hasAttribute('bid')) el.setAttribute('bid', String(window[counterKey]++));
    const bid = el.getAttribute('bid');
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    let visibility = 0;
    if (r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none') {
      const w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
      const h = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
      visibility = Math.round((w * h) / (r.width * r.height) * 100) / 100;
    }
    const tag = el.tagName.toLowerCase();
    const clickable = clickableTags.has(tag) || clickableRoles.has(el.getAttribute('role') || '')
      || el.hasAttribute('onclick') || typeof el.onclick === 'function' || style.cursor === 'pointer';
    extra[bid] = {
      visibility: visibility,
      bbox: r.width > 0 || r.height > 0 ? [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height] : null,
      clickable: clickable,
      set_of_marks: clickable && visibility >= 0.5,
    };
  }
  let focused = document.activeElement;
  while (focused && focused.shadowRoot && focused.shadowRoot.activeElement) focused = focused.shadowRoot.activeElement;
  const focusedBid = focused && focused !== document.body && focused.getAttribute ? (focused.getAttribute('bid') || '') : '';

  const skip = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'canvas', 'select', 'option',
    'input', 'textarea', 'iframe', 'object', 'embed', 'video', 'audio', 'map']);
  const blocks = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'form', 'fieldset',
    'figure', 'figcaption', 'dl', 'dt', 'dd', 'address', 'details', 'summary', 'body', 'html', 'center', 'legend']);
  const hidden = (el) => el.hidden || getComputedStyle(el).display === 'none';
  const inline = (s) => s.replace(/\s+/g, ' ');
  const md = (node, pre) => {
    if (node.nodeType === Node.TEXT_NODE) return pre ? node.data : inline(node.data);
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const el = node, tag = el.tagName.toLowerCase();
    if (skip.has(tag) || hidden(el)) return '';
    const kids = (p) => Array.from(el.shadowRoot ? el.shadowRoot.childNodes : el.childNodes).map((c) => md(c, p)).join('');
    const h = /^h([1-6])$/.exec(tag);
    if (h) return '\n\n' + '#'.repeat(Number(h[1])) + ' ' + kids(false).trim() + '\n\n';
    switch (tag) {
      case 'br': return '\n';
      case 'hr': return '\n\n* * *\n\n';
      case 'img': return el.alt ? inline(el.alt) : '';
      case 'a': {
        const text = kids(false).trim();
        const href = el.getAttribute('href');
        if (!href || href.startsWith('javascript:')) return text;
        return text ? '[' + text + '](' + el.href + ')' : '';
      }
      case 'strong': case 'b': { const t = kids(false); return t.trim() ? '**' + t.trim() + '**' : t; }
      case 'em': case 'i': { const t = kids(false); return t.trim() ? '_' + t.trim() + '_' : t; }
      case 'code': return pre ? kids(true) : '`' + kids(false) + '`';
      case 'pre': return '\n\n```\n' + kids(true).replace(/\n+$/, '') + '\n```\n\n';
      case 'blockquote': return '\n\n' + kids(false).trim().split('\n').map((l) => '> ' + l).join('\n') + '\n\n';
      case 'li': {
        const parent = el.parentElement ? el.parentElement.tagName.toLowerCase() : 'ul';
        const mark = parent === 'ol' ? (Array.prototype.indexOf.call(el.parentElement.children, el) + 1) + '. ' : '* ';
        return '\n  ' + mark + kids(false).trim().replace(/\n+/g, '\n    ');
      }
      case 'ul': case 'ol': return '\n\n' + kids(false).trim() + '\n\n';
      case 'tr': return '\n' + Array.from(el.children).map((c) => md(c, false).trim().replace(/\n+/g, ' ')).join(' | ');
      case 'table': return '\n\n' + kids(false).trim() + '\n\n';
      case 'button': return ' ' + kids(false).trim() + ' ';
      default: return blocks.has(tag) ? '\n\n' + kids(false) + '\n\n' : kids(pre);
    }
  };
  const text = md(document.documentElement || document.body, false)
    .split('\n').map((l) => l.replace(/[ \t]+$/, '').replace(/^ (?=\S)/, '')).join('\n')
    .replace(/\n{3,}/g, '\n\n').trim();
  return { extra: extra, focused: focusedBid, markdown: text, url: location.href, title: document.title };
})()
