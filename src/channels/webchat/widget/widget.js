/*
 * The web-chat widget: one <script src=".../widget.js" defer> on the agency's site.
 * Plain JavaScript, no framework, no build step. Runs in a shadow root so the host page's styles
 * neither break it nor are broken by it. Every text from the server is set with textContent, never
 * as HTML. Options as data attributes on the script tag: data-lang (force a language),
 * data-open="true" (open at load), data-server (when served from another address).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var server = (script && script.getAttribute('data-server')) || (script ? new URL(script.src).origin : '');
  var forcedLang = script && script.getAttribute('data-lang');
  var storageKey = 'cnaim-chat:' + server;
  var RTL = { ar: true, ur: true };

  var UI = {
    pt: {
      open: 'Apoio a migrantes',
      title: 'Assistente de apoio a migrantes',
      close: 'Fechar',
      input: 'Escreva a sua mensagem',
      send: 'Enviar',
      source: 'Fonte',
      verified: 'verificado em',
      offline: 'Sem ligação. A tentar de novo…',
      you: 'Você',
      bot: 'Assistente',
      mediator: 'Mediador',
    },
    en: {
      open: 'Migrant support',
      title: 'Migrant support assistant',
      close: 'Close',
      input: 'Type your message',
      send: 'Send',
      source: 'Source',
      verified: 'verified on',
      offline: 'No connection. Trying again…',
      you: 'You',
      bot: 'Assistant',
      mediator: 'Mediator',
    },
    es: {
      open: 'Apoyo a migrantes',
      title: 'Asistente de apoyo a migrantes',
      close: 'Cerrar',
      input: 'Escriba su mensaje',
      send: 'Enviar',
      source: 'Fuente',
      verified: 'verificado el',
      offline: 'Sin conexión. Intentando de nuevo…',
      you: 'Usted',
      bot: 'Asistente',
      mediator: 'Mediador',
    },
    fr: {
      open: 'Aide aux migrants',
      title: 'Assistant d’aide aux migrants',
      close: 'Fermer',
      input: 'Écrivez votre message',
      send: 'Envoyer',
      source: 'Source',
      verified: 'vérifié le',
      offline: 'Pas de connexion. Nouvel essai…',
      you: 'Vous',
      bot: 'Assistant',
      mediator: 'Médiateur',
    },
    ar: {
      open: 'دعم المهاجرين',
      title: 'مساعد دعم المهاجرين',
      close: 'إغلاق',
      input: 'اكتب رسالتك',
      send: 'إرسال',
      source: 'المصدر',
      verified: 'تم التحقق في',
      offline: 'لا يوجد اتصال. جارٍ إعادة المحاولة…',
      you: 'أنت',
      bot: 'المساعد',
      mediator: 'الوسيط',
    },
    uk: {
      open: 'Допомога мігрантам',
      title: 'Помічник для мігрантів',
      close: 'Закрити',
      input: 'Напишіть повідомлення',
      send: 'Надіслати',
      source: 'Джерело',
      verified: 'перевірено',
      offline: 'Немає з’єднання. Повторна спроба…',
      you: 'Ви',
      bot: 'Помічник',
      mediator: 'Медіатор',
    },
    ru: {
      open: 'Помощь мигрантам',
      title: 'Помощник для мигрантов',
      close: 'Закрыть',
      input: 'Напишите сообщение',
      send: 'Отправить',
      source: 'Источник',
      verified: 'проверено',
      offline: 'Нет соединения. Повторная попытка…',
      you: 'Вы',
      bot: 'Помощник',
      mediator: 'Медиатор',
    },
    hi: {
      open: 'प्रवासी सहायता',
      title: 'प्रवासियों के लिए सहायक',
      close: 'बंद करें',
      input: 'अपना संदेश लिखें',
      send: 'भेजें',
      source: 'स्रोत',
      verified: 'सत्यापित:',
      offline: 'कनेक्शन नहीं है। फिर से कोशिश हो रही है…',
      you: 'आप',
      bot: 'सहायक',
      mediator: 'प्रतिनिधि',
    },
    ne: {
      open: 'आप्रवासी सहायता',
      title: 'आप्रवासीहरूका लागि सहायक',
      close: 'बन्द गर्नुहोस्',
      input: 'आफ्नो सन्देश लेख्नुहोस्',
      send: 'पठाउनुहोस्',
      source: 'स्रोत',
      verified: 'प्रमाणित:',
      offline: 'जडान छैन। फेरि प्रयास हुँदैछ…',
      you: 'तपाईं',
      bot: 'सहायक',
      mediator: 'प्रतिनिधि',
    },
    bn: {
      open: 'অভিবাসী সহায়তা',
      title: 'অভিবাসীদের জন্য সহকারী',
      close: 'বন্ধ করুন',
      input: 'আপনার বার্তা লিখুন',
      send: 'পাঠান',
      source: 'উৎস',
      verified: 'যাচাই করা হয়েছে:',
      offline: 'সংযোগ নেই। আবার চেষ্টা করা হচ্ছে…',
      you: 'আপনি',
      bot: 'সহকারী',
      mediator: 'প্রতিনিধি',
    },
    ur: {
      open: 'تارکینِ وطن کی مدد',
      title: 'تارکینِ وطن کے لیے معاون',
      close: 'بند کریں',
      input: 'اپنا پیغام لکھیں',
      send: 'بھیجیں',
      source: 'ماخذ',
      verified: 'تصدیق شدہ:',
      offline: 'کنکشن نہیں ہے۔ دوبارہ کوشش جاری ہے…',
      you: 'آپ',
      bot: 'معاون',
      mediator: 'نمائندہ',
    },
    pa: {
      open: 'ਪ੍ਰਵਾਸੀ ਸਹਾਇਤਾ',
      title: 'ਪ੍ਰਵਾਸੀਆਂ ਲਈ ਸਹਾਇਕ',
      close: 'ਬੰਦ ਕਰੋ',
      input: 'ਆਪਣਾ ਸੁਨੇਹਾ ਲਿਖੋ',
      send: 'ਭੇਜੋ',
      source: 'ਸਰੋਤ',
      verified: 'ਪ੍ਰਮਾਣਿਤ:',
      offline: 'ਕਨੈਕਸ਼ਨ ਨਹੀਂ ਹੈ। ਦੁਬਾਰਾ ਕੋਸ਼ਿਸ਼ ਹੋ ਰਹੀ ਹੈ…',
      you: 'ਤੁਸੀਂ',
      bot: 'ਸਹਾਇਕ',
      mediator: 'ਪ੍ਰਤੀਨਿਧੀ',
    },
    zh: {
      open: '移民支持',
      title: '移民支持助手',
      close: '关闭',
      input: '请输入您的消息',
      send: '发送',
      source: '来源',
      verified: '核实于',
      offline: '无网络连接，正在重试…',
      you: '您',
      bot: '助手',
      mediator: '工作人员',
    },
    ro: {
      open: 'Sprijin pentru migranți',
      title: 'Asistent de sprijin pentru migranți',
      close: 'Închideți',
      input: 'Scrieți mesajul',
      send: 'Trimiteți',
      source: 'Sursă',
      verified: 'verificat la',
      offline: 'Fără conexiune. Se reîncearcă…',
      you: 'Dumneavoastră',
      bot: 'Asistent',
      mediator: 'Mediator',
    },
  };

  function pickLang() {
    var candidates = [forcedLang, navigator.language, document.documentElement.lang];
    for (var i = 0; i < candidates.length; i++) {
      var code = (candidates[i] || '').toLowerCase().split('-')[0];
      if (code) return code;
    }
    return 'pt';
  }
  var lang = pickLang();
  function uiLang() {
    return Object.prototype.hasOwnProperty.call(UI, lang) ? lang : 'en';
  }
  function ui(key) {
    return UI[uiLang()][key] || UI.en[key];
  }

  var host = document.createElement('div');
  host.setAttribute('data-cnaim-chat', '');
  var root = host.attachShadow({ mode: 'open' });
  var style = document.createElement('style');
  style.textContent = [
    ':host { all: initial; }',
    '* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Nastaliq Urdu", "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Gurmukhi", sans-serif; }',
    '.launcher { position: fixed; inset-inline-end: 1rem; bottom: 1rem; z-index: 2147483000; border: 0; border-radius: 2rem; padding: .8rem 1.2rem; background: #0b3d6b; color: #fff; font-size: 1rem; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.25); }',
    '.launcher:focus-visible, button:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }',
    '.panel { position: fixed; inset-inline-end: 1rem; bottom: 1rem; z-index: 2147483001; width: 24rem; max-width: calc(100vw - 2rem); height: 36rem; max-height: calc(100vh - 2rem); display: flex; flex-direction: column; background: #fff; color: #1b1b1b; border-radius: .75rem; box-shadow: 0 4px 24px rgba(0,0,0,.3); overflow: hidden; font-size: 1rem; line-height: 1.45; }',
    '.panel[hidden] { display: none; }',
    '@media (max-width: 480px) { .panel { inset: 0; width: 100vw; height: 100vh; max-width: none; max-height: none; border-radius: 0; } }',
    '.head { display: flex; align-items: center; justify-content: space-between; gap: .5rem; padding: .75rem 1rem; background: #0b3d6b; color: #fff; }',
    '.head h2 { margin: 0; font-size: 1rem; }',
    '.close { background: transparent; color: #fff; border: 0; font-size: 1.5rem; line-height: 1; cursor: pointer; padding: .25rem .5rem; }',
    '.log { flex: 1; overflow-y: auto; padding: .75rem; display: flex; flex-direction: column; gap: .5rem; background: #f5f6f8; }',
    '.msg { max-width: 85%; padding: .55rem .75rem; border-radius: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }',
    '.msg.contact { align-self: flex-end; background: #0b3d6b; color: #fff; }',
    '.msg.bot, .msg.system { align-self: flex-start; background: #fff; border: 1px solid #dde1e6; }',
    '.msg.mediator { align-self: flex-start; background: #fff8e1; border: 1px solid #f2d27a; }',
    '.who { display: block; font-size: .75rem; opacity: .75; margin-bottom: .15rem; }',
    '.sources { margin: .4rem 0 0; padding: 0; list-style: none; font-size: .85rem; }',
    '.sources a { color: #0b3d6b; }',
    '.choices { display: flex; flex-wrap: wrap; gap: .4rem; padding: .4rem .75rem .5rem; background: #f5f6f8; max-height: 40%; overflow-y: auto; }',
    '.choice { border: 1px solid #0b3d6b; background: #fff; color: #0b3d6b; border-radius: 1rem; padding: .35rem .8rem; font-size: .9rem; cursor: pointer; }',
    '.choice:hover { background: #e8eef5; }',
    'form { display: flex; gap: .5rem; padding: .6rem; border-top: 1px solid #dde1e6; background: #fff; }',
    'textarea { flex: 1; resize: none; border: 1px solid #aab2bd; border-radius: .5rem; padding: .5rem; font-size: 1rem; min-height: 2.6rem; max-height: 6rem; unicode-bidi: plaintext; }',
    '.send { border: 0; border-radius: .5rem; background: #0b3d6b; color: #fff; padding: 0 1rem; font-size: 1rem; cursor: pointer; }',
    '.status { font-size: .8rem; color: #8a1c1c; padding: 0 .75rem; min-height: 0; }',
    '.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }',
  ].join('\n');
  root.appendChild(style);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var launcher = el(
    'button',
    { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'cnaim-chat-panel' },
    ui('open'),
  );
  var panel = el('section', {
    class: 'panel',
    id: 'cnaim-chat-panel',
    role: 'dialog',
    'aria-labelledby': 'cnaim-chat-title',
    hidden: '',
  });
  var head = el('div', { class: 'head' });
  var title = el('h2', { id: 'cnaim-chat-title' }, ui('title'));
  var closeBtn = el('button', { class: 'close', type: 'button', 'aria-label': ui('close') }, '×');
  head.appendChild(title);
  head.appendChild(closeBtn);
  var log = el('div', {
    class: 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    tabindex: '0',
  });
  var choicesBox = el('div', { class: 'choices', role: 'group' });
  var status = el('div', { class: 'status', role: 'status' });
  var form = el('form', { autocomplete: 'off' });
  var label = el('label', { class: 'sr', for: 'cnaim-chat-input' }, ui('input'));
  var input = el('textarea', {
    id: 'cnaim-chat-input',
    rows: '1',
    maxlength: '2000',
    placeholder: ui('input'),
    dir: 'auto',
  });
  var sendBtn = el('button', { class: 'send', type: 'submit' }, ui('send'));
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendBtn);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(choicesBox);
  panel.appendChild(status);
  panel.appendChild(form);
  root.appendChild(launcher);
  root.appendChild(panel);

  // The fixed labels follow the current language (set again when a bot message changes it).
  function applyLabels() {
    launcher.textContent = ui('open');
    launcher.setAttribute('lang', uiLang());
    title.textContent = ui('title');
    closeBtn.setAttribute('aria-label', ui('close'));
    label.textContent = ui('input');
    input.setAttribute('placeholder', ui('input'));
    sendBtn.textContent = ui('send');
    // The panel follows the conversation's language from the start, so Arabic and Urdu open right to left.
    panel.setAttribute('dir', directionOf(lang));
    panel.setAttribute('lang', lang);
  }
  applyLabels();

  var token = null;
  try {
    token = localStorage.getItem(storageKey);
  } catch {
    token = null;
  }
  var shown = {};
  var lastId = null;
  var streamAbort = null;
  var started = false;

  function saveToken(value) {
    token = value;
    try {
      if (value) localStorage.setItem(storageKey, value);
      else localStorage.removeItem(storageKey);
    } catch {
      /* private mode: the session lasts as long as the page */
    }
  }

  function api(path, options) {
    options = options || {};
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(server + '/api/webchat' + path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  }

  function ensureSession() {
    if (token) return Promise.resolve();
    return api('/sessions', { method: 'POST', body: { lang: lang } })
      .then(function (res) {
        if (!res.ok) throw new Error('session ' + res.status);
        return res.json();
      })
      .then(function (data) {
        saveToken(data.token);
      });
  }

  function directionOf(code) {
    return RTL[(code || '').split('-')[0]] ? 'rtl' : 'ltr';
  }

  function render(message) {
    if (shown[message.id]) return;
    shown[message.id] = true;
    if (!lastId || message.id > lastId) lastId = message.id;
    if (message.lang && message.author !== 'contact') {
      var previous = lang;
      lang = message.lang.split('-')[0].toLowerCase();
      panel.setAttribute('dir', directionOf(lang));
      panel.setAttribute('lang', lang);
      if (lang !== previous) applyLabels();
    }
    var bubble = el('div', { class: 'msg ' + message.author });
    if (message.author === 'contact') bubble.setAttribute('dir', 'auto');
    else if (message.lang) {
      bubble.setAttribute('dir', directionOf(message.lang));
      bubble.setAttribute('lang', message.lang);
    }
    bubble.appendChild(
      el(
        'span',
        { class: 'who' },
        ui(message.author === 'contact' ? 'you' : message.author === 'mediator' ? 'mediator' : 'bot'),
      ),
    );
    bubble.appendChild(el('span', { class: 'text' }, message.text));
    if (message.citations && message.citations.length) {
      var list = el('ul', { class: 'sources' });
      message.citations.forEach(function (c) {
        var item = el('li');
        item.appendChild(document.createTextNode(ui('source') + ': '));
        var link = el('a', { href: safeUrl(c.url), target: '_blank', rel: 'noopener noreferrer' }, c.title);
        item.appendChild(link);
        item.appendChild(document.createTextNode(' (' + ui('verified') + ' ' + c.lastVerified + ')'));
        list.appendChild(item);
      });
      bubble.appendChild(list);
    }
    if (message.links && message.links.length) {
      var links = el('ul', { class: 'sources' });
      message.links.forEach(function (l) {
        var item = el('li');
        item.appendChild(
          el('a', { href: safeUrl(l.url), target: '_blank', rel: 'noopener noreferrer' }, l.label),
        );
        links.appendChild(item);
      });
      bubble.appendChild(links);
    }
    log.appendChild(bubble);
    if (message.author !== 'contact') showChoices(message.choices || []);
    log.scrollTop = log.scrollHeight;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || '') ? url : '#';
  }

  function showChoices(choices) {
    while (choicesBox.firstChild) choicesBox.removeChild(choicesBox.firstChild);
    choices.forEach(function (choice) {
      var button = el('button', { class: 'choice', type: 'button' }, choice.label);
      button.addEventListener('click', function () {
        send({ choice: choice.id, text: choice.label });
      });
      choicesBox.appendChild(button);
    });
  }

  function clientId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      })
      .join('');
  }

  function send(message) {
    var body = { clientId: clientId() };
    if (message.text) body.text = message.text;
    if (message.choice) body.choice = message.choice;
    showChoices([]);
    return ensureSession()
      .then(function () {
        return api('/messages', { method: 'POST', body: body });
      })
      .then(function (res) {
        if (res.status === 401) {
          saveToken(null);
          return restart().then(function () {
            return send(message);
          });
        }
        if (!res.ok) throw new Error('send ' + res.status);
        return res.json().then(function (data) {
          render({ id: data.id, author: 'contact', text: message.text || '' });
        });
      })
      .catch(function () {
        status.textContent = ui('offline');
      });
  }

  function follow() {
    if (streamAbort) streamAbort.abort();
    var controller = new AbortController();
    streamAbort = controller;
    var headers = { Authorization: 'Bearer ' + token };
    if (lastId) headers['Last-Event-ID'] = lastId;
    fetch(server + '/api/webchat/stream', { headers: headers, signal: controller.signal })
      .then(function (res) {
        if (res.status === 401) {
          saveToken(null);
          return restart();
        }
        if (!res.ok || !res.body) throw new Error('stream ' + res.status);
        status.textContent = '';
        var reader = res.body.getReader();
        var decoder = new TextDecoder();
        var buffer = '';
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) throw new Error('stream ended');
            buffer += decoder.decode(chunk.value, { stream: true });
            var parts = buffer.split('\n\n');
            buffer = parts.pop();
            parts.forEach(handleEvent);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        if (controller.signal.aborted) return;
        status.textContent = ui('offline');
        setTimeout(follow, 2000);
      });
  }

  function handleEvent(block) {
    var data = '';
    block.split('\n').forEach(function (line) {
      if (line.indexOf('data:') === 0) data += line.slice(5).trim();
    });
    if (!data) return;
    try {
      render(JSON.parse(data));
    } catch {
      /* ignore a malformed event */
    }
  }

  function restart() {
    shown = {};
    lastId = null;
    while (log.firstChild) log.removeChild(log.firstChild);
    return ensureSession().then(follow);
  }

  function open() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    input.focus();
    if (!started) {
      started = true;
      ensureSession().then(follow, function () {
        status.textContent = ui('offline');
        started = false;
      });
    }
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', open);
  closeBtn.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text: text });
  });

  document.body.appendChild(host);
  if (script && script.getAttribute('data-open') === 'true') open();
})();
