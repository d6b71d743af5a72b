// The mediator console: plain JavaScript, no build step, served under `script-src 'self'`.
// Everything that comes from the API is written with textContent or setAttribute, never as HTML.

const STRINGS = {
  pt: {
    title: 'Consola de mediação',
    skip: 'Saltar para o conteúdo',
    loading: 'A carregar…',
    otherLanguage: 'English',
    signInTitle: 'Entrar na consola',
    email: 'E-mail',
    password: 'Palavra-passe',
    signIn: 'Entrar',
    signOut: 'Sair',
    navConversation: 'Conversa',
    navSupervisor: 'Supervisão',
    queue: 'Fila de espera',
    waitingCount: '{n} à espera',
    queueEmpty: 'Ninguém à espera.',
    offline: 'Ligação perdida; a tentar de novo…',
    mine: 'As minhas conversas',
    mineEmpty: 'Não tem conversas assumidas.',
    pickOne: 'Escolha uma conversa na fila para a abrir.',
    claim: 'Assumir',
    handBack: 'Devolver ao assistente',
    transfer: 'Transferir',
    close: 'Encerrar',
    transferTo: 'Transferir para',
    transferDo: 'Transferir',
    outcome: 'Resultado',
    tags: 'Etiquetas (separadas por vírgulas)',
    closeDo: 'Encerrar conversa',
    card: 'Ficha do caso',
    messages: 'Mensagens',
    canned: 'Respostas prontas',
    cannedPick: '— escolher uma resposta —',
    reply: 'Resposta à pessoa',
    send: 'Enviar',
    claimToReply: 'Assuma a conversa para responder.',
    notes: 'Notas internas',
    newNote: 'Nova nota (só a equipa vê)',
    addNote: 'Adicionar nota',
    notesEmpty: 'Sem notas.',
    allOpen: 'Todos os pedidos abertos',
    allEmpty: 'Não há pedidos abertos.',
    colLanguage: 'Língua',
    colTopic: 'Tema',
    colStatus: 'Estado',
    colHolder: 'Com',
    colOffice: 'Equipa',
    colWaiting: 'Espera',
    open: 'Abrir',
    team: 'Equipa',
    newMediator: 'Criar conta de mediador',
    name: 'Nome',
    role: 'Função',
    languages: 'Línguas',
    offices: 'Equipas',
    topics: 'Temas (separados por vírgulas; vazio = todos)',
    capacity: 'Conversas em simultâneo',
    hours: 'Horário (vazio = horário do serviço)',
    create: 'Criar conta',
    created: 'Conta criada para {name} ({email}). Entregue a palavra-passe em mão; não volta a ser mostrada.',
    passwordOnce: 'Palavra-passe (mostrada só agora):',
    dismiss: 'Já a guardei',
    pickLanguageOffice: 'Escolha pelo menos uma língua e uma equipa.',
    language: 'Língua',
    channel: 'Canal',
    topic: 'Tema',
    reason: 'Motivo',
    flags: 'Alertas',
    office: 'Equipa',
    asked: 'O que a pessoa perguntou',
    answers: 'O que o assistente respondeu',
    collected: 'Dados recolhidos',
    source: 'Fonte',
    verified: 'verificada em',
    noCard: 'Sem ficha: esta conversa não tem um pedido aberto.',
    none: '—',
    urgent: 'Urgente',
    interpretation: 'Ninguém de serviço fala esta língua: use o Serviço de Tradução Telefónica',
    unknownLanguage: 'Língua desconhecida',
    noTopic: 'Sem tema',
    justNow: 'agora',
    waitingFor: 'À espera há {time}',
    heldBy: 'Com {name}',
    heldByYou: 'Consigo',
    noHandoff: 'Sem pedido aberto',
    you: 'Você',
    contact: 'Pessoa',
    bot: 'Assistente',
    mediator: 'Mediador(a)',
    choicesShown: 'Opções mostradas',
    mediaSent: 'Anexo: {kind}',
    noTeam: 'Qualquer equipa',
    mediators: 'Mediadores',
    teams: 'Equipas',
    claimed: 'Conversa assumida.',
    sent: 'Resposta enviada.',
    noteAdded: 'Nota adicionada.',
    handedBack: 'Conversa devolvida ao assistente.',
    transferred: 'Conversa transferida.',
    closedDone: 'Conversa encerrada.',
    exportData: 'Exportar dados',
    erasePerson: 'Apagar esta pessoa',
    eraseConfirm:
      'Apagar tudo o que guardamos sobre esta pessoa neste canal (contacto, conversas, mensagens, pedidos e notas)? Não é possível desfazer.',
    exported: 'Dados exportados (ficheiro JSON).',
    erased: 'Pessoa apagada. O registo de auditoria guarda apenas que houve um apagamento.',
    noLonger: 'Esta conversa já não está disponível para si.',
    errSignIn: 'E-mail ou palavra-passe errados.',
    errLocked: 'Conta bloqueada por uns minutos depois de várias tentativas falhadas.',
    errTooMany: 'Demasiadas tentativas a partir deste endereço. Tente mais tarde.',
    errClaimed: 'Outra pessoa já assumiu esta conversa.',
    errCapacity: 'Atingiu o seu limite de conversas: devolva ou encerre uma primeiro.',
    errNotClaimed: 'Assuma a conversa primeiro.',
    errHeld: 'Outra pessoa tem esta conversa.',
    errForbidden: 'Esta conversa não lhe está atribuída.',
    errNotFound: 'Conversa não encontrada.',
    errRole: 'Só supervisores podem fazer isto.',
    errEmailTaken: 'Já existe uma conta com este e-mail.',
    errCsrf: 'A sessão foi renovada; tente de novo.',
    errNoMediator: 'Mediador não encontrado.',
    errNetwork: 'Sem ligação ao servidor.',
    errGeneric: 'Não foi possível',
    roles: { mediator: 'Mediador(a)', supervisor: 'Supervisor(a)', admin: 'Administrador(a)' },
    channels: { webchat: 'Chat do site', whatsapp: 'WhatsApp', email: 'E-mail' },
    officeNames: { lisboa: 'Lisboa', porto: 'Porto', faro: 'Faro', beja: 'Beja', remote: 'Remoto' },
    reasons: {
      asked: 'Pediu para falar com uma pessoa',
      media: 'Enviou uma foto ou mensagem de voz',
      emergency: 'Emergência',
      'domestic-violence': 'Violência doméstica',
      'human-trafficking': 'Tráfico de seres humanos',
      sensitive: 'Tema sensível',
      'not-understood': 'O assistente não percebeu',
    },
    statuses: {
      waiting: 'À espera',
      claimed: 'Assumida',
      returned: 'Devolvida',
      closed: 'Encerrada',
      bot: 'Com o assistente',
      with_mediator: 'Com mediador(a)',
    },
    outcomes: {
      resolved: 'Resolvido',
      referred: 'Encaminhado',
      appointment: 'Marcação feita',
      'no-answer': 'Sem resposta',
      other: 'Outro',
    },
    delivery: { pending: 'a enviar', sent: 'enviada', delivered: 'entregue', read: 'lida', failed: 'falhou' },
  },
  en: {
    title: 'Mediation console',
    skip: 'Skip to content',
    loading: 'Loading…',
    otherLanguage: 'Português',
    signInTitle: 'Sign in to the console',
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    navConversation: 'Conversation',
    navSupervisor: 'Supervision',
    queue: 'Queue',
    waitingCount: '{n} waiting',
    queueEmpty: 'Nobody is waiting.',
    offline: 'Connection lost; retrying…',
    mine: 'My conversations',
    mineEmpty: 'You have no claimed conversations.',
    pickOne: 'Pick a conversation in the queue to open it.',
    claim: 'Claim',
    handBack: 'Hand back to the assistant',
    transfer: 'Transfer',
    close: 'Close',
    transferTo: 'Transfer to',
    transferDo: 'Transfer',
    outcome: 'Outcome',
    tags: 'Tags (comma-separated)',
    closeDo: 'Close conversation',
    card: 'Case card',
    messages: 'Messages',
    canned: 'Canned replies',
    cannedPick: '— pick a reply —',
    reply: 'Reply to the person',
    send: 'Send',
    claimToReply: 'Claim the conversation to reply.',
    notes: 'Internal notes',
    newNote: 'New note (only the team sees it)',
    addNote: 'Add note',
    notesEmpty: 'No notes.',
    allOpen: 'All open handoffs',
    allEmpty: 'No open handoffs.',
    colLanguage: 'Language',
    colTopic: 'Topic',
    colStatus: 'Status',
    colHolder: 'With',
    colOffice: 'Team',
    colWaiting: 'Waiting',
    open: 'Open',
    team: 'Team',
    newMediator: 'Create a mediator account',
    name: 'Name',
    role: 'Role',
    languages: 'Languages',
    offices: 'Teams',
    topics: 'Topics (comma-separated; empty = all)',
    capacity: 'Conversations at once',
    hours: 'Hours (empty = service hours)',
    create: 'Create account',
    created: 'Account created for {name} ({email}). Hand the password over in person; it is not shown again.',
    passwordOnce: 'Password (shown only now):',
    dismiss: 'I have noted it',
    pickLanguageOffice: 'Pick at least one language and one team.',
    language: 'Language',
    channel: 'Channel',
    topic: 'Topic',
    reason: 'Reason',
    flags: 'Flags',
    office: 'Team',
    asked: 'What the person asked',
    answers: 'What the assistant answered',
    collected: 'Collected values',
    source: 'Source',
    verified: 'verified',
    noCard: 'No case card: this conversation has no open handoff.',
    none: '—',
    urgent: 'Urgent',
    interpretation: 'Nobody on duty speaks this language: use the Telephone Translation Service',
    unknownLanguage: 'Unknown language',
    noTopic: 'No topic',
    justNow: 'just now',
    waitingFor: 'Waiting for {time}',
    heldBy: 'With {name}',
    heldByYou: 'With you',
    noHandoff: 'No open handoff',
    you: 'You',
    contact: 'Person',
    bot: 'Assistant',
    mediator: 'Mediator',
    choicesShown: 'Options shown',
    mediaSent: 'Attachment: {kind}',
    noTeam: 'Any team',
    mediators: 'Mediators',
    teams: 'Teams',
    claimed: 'Conversation claimed.',
    sent: 'Reply sent.',
    noteAdded: 'Note added.',
    handedBack: 'Conversation handed back to the assistant.',
    transferred: 'Conversation transferred.',
    closedDone: 'Conversation closed.',
    exportData: 'Export data',
    erasePerson: 'Erase this person',
    eraseConfirm:
      'Erase everything kept about this person on this channel (contact, conversations, messages, requests and notes)? This cannot be undone.',
    exported: 'Data exported (JSON file).',
    erased: 'Person erased. The audit log keeps only that an erasure happened.',
    noLonger: 'This conversation is no longer available to you.',
    errSignIn: 'Wrong e-mail or password.',
    errLocked: 'This account is locked for a few minutes after failed sign-ins.',
    errTooMany: 'Too many attempts from this address. Try again later.',
    errClaimed: 'Someone else has claimed this conversation.',
    errCapacity: 'You are at your capacity: hand one back or close one first.',
    errNotClaimed: 'Claim the conversation first.',
    errHeld: 'Another mediator holds this conversation.',
    errForbidden: 'This conversation is not routed to you.',
    errNotFound: 'Conversation not found.',
    errRole: 'Only supervisors can do this.',
    errEmailTaken: 'An account with this e-mail exists.',
    errCsrf: 'The session was refreshed; please try again.',
    errNoMediator: 'No such mediator.',
    errNetwork: 'Cannot reach the server.',
    errGeneric: 'Could not do it',
    roles: { mediator: 'Mediator', supervisor: 'Supervisor', admin: 'Administrator' },
    channels: { webchat: 'Web chat', whatsapp: 'WhatsApp', email: 'E-mail' },
    officeNames: { lisboa: 'Lisbon', porto: 'Porto', faro: 'Faro', beja: 'Beja', remote: 'Remote' },
    reasons: {
      asked: 'Asked for a person',
      media: 'Sent a photo or voice note',
      emergency: 'Emergency',
      'domestic-violence': 'Domestic violence',
      'human-trafficking': 'Human trafficking',
      sensitive: 'Sensitive topic',
      'not-understood': 'The assistant did not understand',
    },
    statuses: {
      waiting: 'Waiting',
      claimed: 'Claimed',
      returned: 'Handed back',
      closed: 'Closed',
      bot: 'With the assistant',
      with_mediator: 'With a mediator',
    },
    outcomes: {
      resolved: 'Resolved',
      referred: 'Referred',
      appointment: 'Appointment made',
      'no-answer': 'No answer',
      other: 'Other',
    },
    delivery: { pending: 'sending', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' },
  },
};

const LANGUAGE_NAMES = {
  pt: 'Português',
  en: 'English',
  es: 'Español',
  fr: 'Français',
  ar: 'العربية',
  uk: 'Українська',
  ru: 'Русский',
  hi: 'हिन्दी',
  ne: 'नेपाली',
  bn: 'বাংলা',
  ur: 'اردو',
  pa: 'ਪੰਜਾਬੀ',
  zh: '中文',
  ro: 'Română',
};
const OFFICES = ['lisboa', 'porto', 'faro', 'beja', 'remote'];
const OUTCOMES = ['resolved', 'referred', 'appointment', 'no-answer', 'other'];
const ERRORS = {
  'unauthorized:sign-in': 'errSignIn',
  'rate_limited:locked': 'errLocked',
  'rate_limited:sign-in': 'errTooMany',
  'conflict:claimed': 'errClaimed',
  'conflict:capacity': 'errCapacity',
  'conflict:not-claimed': 'errNotClaimed',
  'forbidden:held': 'errHeld',
  'forbidden:conversation': 'errForbidden',
  'not_found:conversation': 'errNotFound',
  'forbidden:role': 'errRole',
  'conflict:email': 'errEmailTaken',
  'forbidden:csrf': 'errCsrf',
  'bad_request:mediator': 'errNoMediator',
};

const state = {
  ui: readUiLanguage(),
  me: null,
  csrf: '',
  queue: { waiting: [], mine: [], all: [] },
  queueAt: Date.now(),
  mediators: [],
  current: null,
  view: null,
  viewAt: Date.now(),
  ending: null,
  screen: 'conversation',
  queueSource: null,
  convSource: null,
  cannedKey: '',
};

const $ = (id) => document.getElementById(id);

function readUiLanguage() {
  try {
    return window.localStorage.getItem('cnaim-console-lang') === 'en' ? 'en' : 'pt';
  } catch {
    return 'pt';
  }
}

function t(key, vars) {
  const text = STRINGS[state.ui][key] ?? STRINGS.pt[key] ?? key;
  return typeof text === 'string' && vars
    ? text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''))
    : text;
}
const label = (group, key) => (key ? (t(group)[key] ?? key) : t('none'));

/** Builds an element: `text` becomes textContent, `on…` a listener, anything else an attribute. */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const safeUrl = (url) => (/^https?:\/\//i.test(String(url || '')) ? String(url) : null);
const isSupervisor = () => state.me && (state.me.role === 'supervisor' || state.me.role === 'admin');
const locale = () => (state.ui === 'pt' ? 'pt-PT' : 'en-GB');

function clock(at) {
  const date = new Date(at);
  const today = new Date().toDateString() === date.toDateString();
  const options = today
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale(), options).format(date);
}

function duration(ms) {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return t('justNow');
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
const waitedInQueue = (s) => duration(s.waitingMs + (Date.now() - state.queueAt));

function nameOf(id) {
  if (!id) return t('none');
  if (state.me && id === state.me.id) return state.me.name;
  return state.mediators.find((m) => m.id === id)?.name ?? id.slice(-6);
}

function flash(text) {
  $('flash').textContent = text;
}

// --- the API ---------------------------------------------------------------------------------

async function api(path, options = {}) {
  const method = options.method ?? 'GET';
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = state.csrf;
  }
  let res;
  try {
    res = await fetch(`/console/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(options.body ?? {}),
    });
  } catch {
    throw Object.assign(new Error('network'), { code: 'network', status: 0 });
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = Object.assign(new Error(data?.error?.message ?? res.statusText), {
      code: data?.error?.code ?? `http:${res.status}`,
      status: res.status,
    });
    if (res.status === 401 && path !== '/sign-in') showSignIn();
    if (error.code === 'forbidden:csrf') void refreshCsrf();
    throw error;
  }
  return data;
}

async function refreshCsrf() {
  try {
    const me = await api('/me');
    state.csrf = me.csrf;
  } catch {
    /* signed out: api() already shows the form */
  }
}

function errorText(error) {
  if (ERRORS[error.code]) return t(ERRORS[error.code]);
  if (error.status === 0) return t('errNetwork');
  return `${t('errGeneric')}: ${error.message}`;
}

// --- signing in and out ----------------------------------------------------------------------

function showSignIn() {
  stopStreams();
  state.me = null;
  state.csrf = '';
  state.current = null;
  state.view = null;
  state.queue = { waiting: [], mine: [], all: [] };
  $('loading').hidden = true;
  $('workspace').hidden = true;
  $('nav').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('nm-result').hidden = true;
  $('nm-password').textContent = '';
  $('sign-in').hidden = false;
  $('sign-in-email').focus();
}

function enter({ mediator, csrf }) {
  state.me = mediator;
  state.csrf = csrf;
  $('loading').hidden = true;
  $('sign-in').hidden = true;
  $('sign-in-error').textContent = '';
  $('sign-in-password').value = '';
  $('workspace').hidden = false;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  $('nav-supervisor').hidden = !isSupervisor();
  $('who').textContent = `${mediator.name} · ${label('roles', mediator.role)}`;
  renderStaticOptions();
  followQueue();
  void loadMediators();
  const fromHash = /^#\/c\/([0-9A-Z]{26})$/.exec(location.hash);
  if (fromHash) void openConversation(fromHash[1]);
  else showScreen('conversation');
}

async function signIn(event) {
  event.preventDefault();
  const button = event.submitter ?? event.target.querySelector('button[type="submit"]');
  const email = $('sign-in-email').value.trim();
  const password = $('sign-in-password').value;
  $('sign-in-error').textContent = '';
  if (!email || !password) {
    $('sign-in-error').textContent = t('errSignIn');
    return;
  }
  button.disabled = true;
  try {
    enter(await api('/sign-in', { method: 'POST', body: { email, password } }));
  } catch (error) {
    $('sign-in-error').textContent = errorText(error);
    $('sign-in-password').select();
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  try {
    await api('/sign-out', { method: 'POST' });
  } catch {
    /* the session is gone either way */
  }
  history.replaceState(null, '', location.pathname);
  showSignIn();
}

// --- the queue -------------------------------------------------------------------------------

function stopStreams() {
  state.queueSource?.close();
  state.queueSource = null;
  state.convSource?.close();
  state.convSource = null;
}

function followQueue() {
  state.queueSource?.close();
  const source = new EventSource('/console/api/queue/stream');
  state.queueSource = source;
  source.addEventListener('queue', (event) => {
    $('queue-offline').hidden = true;
    state.queue = JSON.parse(event.data);
    state.queueAt = Date.now();
    renderQueue();
  });
  source.addEventListener('error', () => {
    if (state.queueSource !== source) return;
    $('queue-offline').hidden = false;
    // Closed for good (signed out, server restarted): check the session, then follow again.
    if (source.readyState === EventSource.CLOSED) {
      window.setTimeout(async () => {
        if (state.queueSource !== source) return;
        try {
          state.csrf = (await api('/me')).csrf;
          followQueue();
        } catch {
          /* signed out: the form is shown */
        }
      }, 3000);
    }
  });
}

function queueItem(s, withInterpretation) {
  const current = s.conversationId === state.current;
  return el('li', {}, [
    el(
      'button',
      {
        type: 'button',
        class: `item${s.urgent ? ' urgent' : ''}${current ? ' current' : ''}`,
        'data-conversation': s.conversationId,
        'aria-current': current ? 'true' : undefined,
        onclick: () => openConversation(s.conversationId),
      },
      [
        el('span', { class: 'item-head' }, [
          el('span', { class: 'lang-name', lang: s.language, text: s.languageName ?? t('unknownLanguage') }),
          s.urgent ? el('span', { class: 'badge badge-urgent', text: t('urgent') }) : null,
          el('span', { class: 'waiting', text: waitedInQueue(s) }),
        ]),
        el('span', {
          class: 'item-meta',
          text: [label('channels', s.channel), s.topicTitle ?? t('noTopic'), label('reasons', s.reason)].join(
            ' · ',
          ),
        }),
        s.preview ? el('span', { class: 'preview', dir: 'auto', lang: s.language, text: s.preview }) : null,
        withInterpretation && s.interpretation
          ? el('span', { class: 'badge badge-interpretation', text: t('interpretation') })
          : null,
      ],
    ),
  ]);
}

/** Rebuilds a list, keeping the keyboard focus on the same conversation. */
function fillList(list, items, empty, build) {
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.conversation : null;
  clear(list);
  if (items.length === 0) list.append(el('li', { class: 'muted', text: empty }));
  for (const item of items) list.append(build(item));
  if (focused) list.querySelector(`[data-conversation="${CSS.escape(focused)}"]`)?.focus();
}

function renderQueue() {
  // Urgent first (the server already orders them; a stable sort keeps its order otherwise).
  const waiting = [...state.queue.waiting].sort((a, b) => Number(b.urgent) - Number(a.urgent));
  $('queue-count').textContent = `(${t('waitingCount', { n: waiting.length })})`;
  fillList($('queue-list'), waiting, t('queueEmpty'), (s) => queueItem(s, true));
  fillList($('mine-list'), state.queue.mine, t('mineEmpty'), (s) => queueItem(s, false));
  if (isSupervisor()) renderAll();
}

function renderAll() {
  const body = clear($('all-body'));
  const all = [...state.queue.all].sort((a, b) => Number(b.urgent) - Number(a.urgent));
  if (all.length === 0) body.append(el('tr', {}, [el('td', { colspan: 7, text: t('allEmpty') })]));
  for (const s of all) {
    body.append(
      el('tr', { class: s.urgent ? 'urgent' : undefined }, [
        el('td', {}, [
          el('span', { lang: s.language, text: s.languageName ?? t('unknownLanguage') }),
          s.urgent ? el('span', { class: 'badge badge-urgent', text: t('urgent') }) : null,
        ]),
        el('td', { text: s.topicTitle ?? t('noTopic') }),
        el('td', { text: label('statuses', s.status) }),
        el('td', { text: s.mediatorId ? nameOf(s.mediatorId) : t('none') }),
        el('td', { text: label('officeNames', s.office) }),
        el('td', { text: waitedInQueue(s) }),
        el('td', {}, [
          el('button', {
            type: 'button',
            'data-conversation': s.conversationId,
            text: t('open'),
            onclick: () => openConversation(s.conversationId),
          }),
        ]),
      ]),
    );
  }
}

async function loadMediators() {
  try {
    state.mediators = (await api('/mediators')).mediators;
  } catch {
    state.mediators = [];
  }
  renderTransferTargets();
  renderTeam();
  renderQueue();
}

function renderTeam() {
  const list = clear($('team-list'));
  for (const m of state.mediators) {
    const details = [
      label('roles', m.role),
      (m.languages ?? []).map((l) => LANGUAGE_NAMES[l] ?? l).join(', '),
    ];
    details.push((m.offices ?? []).map((o) => label('officeNames', o)).join(', '));
    list.append(el('li', {}, [el('strong', { text: m.name }), ` — ${details.filter(Boolean).join(' · ')}`]));
  }
}

// --- one conversation ------------------------------------------------------------------------

function showScreen(screen) {
  state.screen = screen;
  const supervising = screen === 'supervisor' && isSupervisor();
  $('supervisor').hidden = !supervising;
  $('conversation').hidden = supervising || !state.view;
  $('empty').hidden = supervising || Boolean(state.view);
  $('nav-conversation').setAttribute('aria-pressed', String(!supervising));
  $('nav-supervisor').setAttribute('aria-pressed', String(supervising));
}

async function openConversation(id) {
  if (state.current !== id) {
    state.view = null;
    state.cannedKey = '';
    $('reply-text').value = '';
    $('note-text').value = '';
    $('conv-error').textContent = '';
    toggleForm('transfer', false);
    toggleForm('close', false);
  }
  state.current = id;
  flash('');
  history.replaceState(null, '', `#/c/${id}`);
  followConversation(id);
  renderQueue();
  try {
    renderConversation(await api(`/conversations/${id}`));
    showScreen('conversation');
    $('conv-title').focus();
  } catch (error) {
    if (state.current === id) closeConversation(errorText(error));
  }
}

function closeConversation(message) {
  state.convSource?.close();
  state.convSource = null;
  state.current = null;
  state.view = null;
  history.replaceState(null, '', location.pathname);
  showScreen(state.screen);
  renderQueue();
  if (message) flash(message);
}

async function refresh() {
  const id = state.current;
  if (!id) return;
  try {
    renderConversation(await api(`/conversations/${id}`));
  } catch (error) {
    if (state.current === id && state.ending !== id) closeConversation(t('noLonger'));
    throw error;
  }
}

function followConversation(id) {
  state.convSource?.close();
  const source = new EventSource(`/console/api/conversations/${id}/stream`);
  state.convSource = source;
  let opened = false;
  source.addEventListener('open', () => {
    if (opened) void refresh().catch(() => {}); // reconnected: catch up on what was missed
    opened = true;
  });
  source.addEventListener('conversation', (event) => renderConversation(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    if (state.convSource !== source || source.readyState !== EventSource.CLOSED) return;
    // The server refused to go on (handed back, transferred away, closed): see whether it is still ours.
    if (state.ending === id) return;
    void refresh()
      .then(() => window.setTimeout(() => state.current === id && followConversation(id), 3000))
      .catch(() => {});
  });
}

/** Whether this mediator may act on the handoff now: they hold it, or a supervisor steps in. */
const holds = (handoff) =>
  Boolean(handoff && handoff.status === 'claimed' && (handoff.mediatorId === state.me.id || isSupervisor()));

function renderHolder() {
  const handoff = state.view?.handoff;
  $('conv-holder').textContent = !handoff
    ? t('noHandoff')
    : handoff.status === 'claimed'
      ? handoff.mediatorId === state.me.id
        ? t('heldByYou')
        : t('heldBy', { name: nameOf(handoff.mediatorId) })
      : t('waitingFor', { time: duration(handoff.waitingMs + (Date.now() - state.viewAt)) });
}

function renderConversation(data, fresh = true) {
  if (!data || data.conversation.id !== state.current) return;
  state.view = data;
  if (fresh) state.viewAt = Date.now();
  showScreen(state.screen === 'supervisor' ? 'supervisor' : 'conversation');
  const { conversation, handoff } = data;
  const title = clear($('conv-title'));
  title.setAttribute('tabindex', '-1');
  title.append(
    el('span', { lang: conversation.language, text: conversation.languageName ?? t('unknownLanguage') }),
    ` · ${label('channels', conversation.channel)} · ${label('statuses', conversation.status)}`,
  );
  const holding = holds(handoff);
  renderHolder();
  $('act-claim').hidden = !(handoff && handoff.status === 'waiting');
  for (const id of ['act-hand-back', 'act-transfer', 'act-close']) $(id).hidden = !holding;
  for (const id of ['act-export', 'act-erase']) $(id).hidden = !isSupervisor();
  if (!holding) {
    toggleForm('transfer', false);
    toggleForm('close', false);
  }
  for (const id of ['canned', 'reply-text', 'reply-send']) $(id).disabled = !holding;
  $('reply-text').placeholder = holding ? '' : t('claimToReply');
  $('reply-text').setAttribute('lang', conversation.language ?? 'pt');
  renderCard(handoff);
  renderMessages(data.messages);
  renderNotes(data.notes);
  renderCanned(data.canned, conversation.language);
}

function fact(term, value, attrs = {}) {
  return [el('dt', { text: term }), el('dd', attrs, Array.isArray(value) ? value : [String(value)])];
}

function sources(citations) {
  if (!citations || citations.length === 0) return null;
  return el(
    'ul',
    { class: 'sources' },
    citations.map((c) => {
      const url = safeUrl(c.url);
      const title = url
        ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: c.title })
        : el('span', { text: c.title });
      return el('li', {}, [
        `${t('source')}: `,
        title,
        c.lastVerified ? ` (${t('verified')} ${c.lastVerified})` : '',
      ]);
    }),
  );
}

function renderCard(handoff) {
  const body = clear($('card-body'));
  const card = handoff?.card;
  if (!handoff || !card) {
    body.append(el('p', { class: 'muted', text: t('noCard') }));
    return;
  }
  const lang = card.language ?? handoff.language ?? undefined;
  const routed = state.queue.waiting.find((s) => s.conversationId === handoff.conversationId);
  const badges = el('p', { class: 'badges' }, [
    handoff.urgent ? el('span', { class: 'badge badge-urgent', text: t('urgent') }) : null,
    routed?.interpretation
      ? el('span', { class: 'badge badge-interpretation', text: t('interpretation') })
      : null,
  ]);
  const facts = el('dl', { class: 'facts' }, [
    ...fact(t('language'), handoff.languageName ?? t('unknownLanguage'), { lang }),
    ...fact(t('channel'), label('channels', card.channel)),
    ...fact(t('topic'), handoff.topicTitle ?? t('noTopic')),
    ...fact(t('reason'), label('reasons', card.reason)),
    ...fact(t('office'), label('officeNames', handoff.office)),
    ...(card.flags.length ? fact(t('flags'), card.flags.map((f) => label('reasons', f)).join(', ')) : []),
  ]);
  body.append(badges, facts);
  if (card.asked.length) {
    body.append(
      el('h4', { text: t('asked') }),
      el(
        'ol',
        { class: 'asked' },
        card.asked.map((text) => el('li', { dir: 'auto', lang, text })),
      ),
    );
  }
  if (card.answers.length) {
    body.append(
      el('h4', { text: t('answers') }),
      el(
        'ul',
        { class: 'answers' },
        card.answers.map((a) =>
          el('li', {}, [el('p', { dir: 'auto', lang, text: a.text }), sources(a.citations)]),
        ),
      ),
    );
  }
  const collected = Object.entries(card.collected ?? {});
  if (collected.length) {
    body.append(
      el('h4', { text: t('collected') }),
      el(
        'dl',
        { class: 'facts' },
        collected.flatMap(([key, value]) => fact(key, value, { dir: 'auto' })),
      ),
    );
  }
}

function renderMessages(messages) {
  const list = $('messages');
  // Follow the newest message, unless the mediator has scrolled up to read.
  const atEnd =
    list.dataset.conversation !== state.current ||
    list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.dataset.conversation = state.current;
  clear(list);
  for (const m of messages) {
    const who = m.author === 'contact' ? t('contact') : m.author === 'mediator' ? t('mediator') : t('bot');
    const meta = [who, clock(m.createdAt)];
    if (m.direction === 'out' && m.deliveryStatus) meta.push(label('delivery', m.deliveryStatus));
    list.append(
      el('li', { class: `msg msg-${m.direction} by-${m.author}`, 'data-message': m.id }, [
        el('div', { class: 'msg-meta', text: meta.join(' · ') }),
        el('p', { class: 'msg-text', dir: 'auto', lang: m.lang, text: m.text }),
        m.media ? el('p', { class: 'badge', text: t('mediaSent', { kind: m.media }) }) : null,
        m.choices?.length
          ? el('p', {
              class: 'msg-choices',
              dir: 'auto',
              lang: m.lang,
              text: `${t('choicesShown')}: ${m.choices.join(' | ')}`,
            })
          : null,
        sources(m.citations),
      ]),
    );
  }
  if (atEnd) list.scrollTop = list.scrollHeight;
}

function renderNotes(notes) {
  const list = clear($('notes-list'));
  if (notes.length === 0) list.append(el('li', { class: 'muted', text: t('notesEmpty') }));
  for (const note of notes) {
    list.append(
      el('li', {}, [
        el('div', { class: 'msg-meta', text: `${nameOf(note.mediatorId)} · ${clock(note.createdAt)}` }),
        el('p', { dir: 'auto', text: note.text }),
      ]),
    );
  }
}

function renderCanned(canned, lang) {
  const key = `${state.ui}|${canned.map((c) => `${c.id}:${c.text}`).join('|')}`;
  if (key === state.cannedKey) return;
  state.cannedKey = key;
  const select = clear($('canned'));
  select.append(el('option', { value: '', text: t('cannedPick') }));
  for (const c of canned) {
    const short = [...c.text].length > 90 ? `${[...c.text].slice(0, 90).join('')}…` : c.text;
    select.append(el('option', { value: c.id, lang: lang ?? undefined, text: short }));
  }
}

// --- actions ---------------------------------------------------------------------------------

function toggleForm(name, open) {
  $(`${name}-form`).hidden = !open;
  $(`act-${name}`).setAttribute('aria-expanded', String(open));
}

async function act(path, body) {
  const id = state.current;
  $('conv-error').textContent = '';
  try {
    await api(`/conversations/${id}/${path}`, { method: 'POST', body });
    return id;
  } catch (error) {
    $('conv-error').textContent = errorText(error);
    return null;
  }
}

/** After handing back, transferring or closing: stay if still allowed, otherwise back to the queue. */
async function afterLetGo(id, message) {
  try {
    await refresh();
  } catch {
    if (state.current === id) closeConversation();
  } finally {
    state.ending = null;
  }
  flash(message);
}

async function letGo(path, body, message) {
  state.ending = state.current;
  const id = await act(path, body);
  if (!id) {
    state.ending = null;
    return;
  }
  toggleForm('transfer', false);
  toggleForm('close', false);
  await afterLetGo(id, message);
}

/** A person's data on their request (GDPR Art. 15): downloaded as JSON, the export itself audited. */
async function exportPerson() {
  const id = state.current;
  $('conv-error').textContent = '';
  try {
    const data = await api(`/conversations/${id}/export`);
    const link = el('a', {
      href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })),
      download: `person-${id}.json`,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    flash(t('exported'));
  } catch (error) {
    $('conv-error').textContent = errorText(error);
  }
}

/** Erasure on a person's request (GDPR Art. 17), asked twice because it cannot be undone. */
async function erasePerson() {
  if (!window.confirm(t('eraseConfirm'))) return;
  state.ending = state.current;
  if (await act('erase', { confirm: 'erase' })) closeConversation(t('erased'));
  state.ending = null;
}

async function claim() {
  if (await act('claim')) {
    flash(t('claimed'));
    await refresh().catch(() => {});
    $('reply-text').focus();
  }
}

async function sendReply(event) {
  event.preventDefault();
  const text = $('reply-text').value.trim();
  if (!text) return;
  $('reply-send').disabled = true;
  if (await act('reply', { text })) {
    $('reply-text').value = '';
    flash(t('sent'));
    await refresh().catch(() => {});
  }
  $('reply-send').disabled = !holds(state.view?.handoff);
}

async function addNote(event) {
  event.preventDefault();
  const text = $('note-text').value.trim();
  if (!text) return;
  if (await act('notes', { text })) {
    $('note-text').value = '';
    flash(t('noteAdded'));
    await refresh().catch(() => {});
  }
}

function transfer(event) {
  event.preventDefault();
  const value = $('transfer-to').value;
  const body = value.startsWith('m:') ? { mediatorId: value.slice(2) } : { office: value.slice(2) || null };
  void letGo('transfer', body, t('transferred'));
}

function closeCase(event) {
  event.preventDefault();
  const tags = $('close-tags')
    .value.split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  void letGo('close', { outcome: $('close-outcome').value, tags }, t('closedDone')).then(() => {
    $('close-tags').value = '';
  });
}

// --- supervisor: a new account ---------------------------------------------------------------

function checkedValues(containerId) {
  return [...$(containerId).querySelectorAll('input:checked')].map((input) => input.value);
}

async function createMediator(event) {
  event.preventDefault();
  const form = event.target;
  $('nm-error').textContent = '';
  if (!form.reportValidity()) return;
  const languages = checkedValues('nm-languages');
  const offices = checkedValues('nm-offices');
  if (!languages.length || !offices.length) {
    $('nm-error').textContent = t('pickLanguageOffice');
    return;
  }
  const body = {
    name: $('nm-name').value.trim(),
    email: $('nm-email').value.trim(),
    role: $('nm-role').value,
    languages,
    offices,
    topics: $('nm-topics')
      .value.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    capacity: Number($('nm-capacity').value),
  };
  const hours = $('nm-hours').value.trim();
  if (hours) body.hours = hours;
  try {
    const result = await api('/mediators', { method: 'POST', body });
    $('nm-result-text').textContent = t('created', {
      name: result.mediator.name,
      email: result.mediator.email,
    });
    $('nm-password').textContent = result.password;
    $('nm-result').hidden = false;
    form.reset();
    void loadMediators();
  } catch (error) {
    $('nm-error').textContent = errorText(error);
  }
}

// --- labels and options ----------------------------------------------------------------------

function applyLabels() {
  document.documentElement.lang = state.ui;
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  const toggle = $('lang-toggle');
  toggle.textContent = t('otherLanguage');
  toggle.setAttribute('lang', state.ui === 'pt' ? 'en' : 'pt');
}

function fillSelect(select, entries) {
  const chosen = select.value;
  clear(select);
  for (const [value, text] of entries) select.append(el('option', { value, text }));
  if (entries.some(([value]) => value === chosen)) select.value = chosen;
}

function renderStaticOptions() {
  fillSelect(
    $('close-outcome'),
    OUTCOMES.map((o) => [o, label('outcomes', o)]),
  );
  const roles = ['mediator', 'supervisor', ...(state.me?.role === 'admin' ? ['admin'] : [])];
  fillSelect(
    $('nm-role'),
    roles.map((r) => [r, label('roles', r)]),
  );
  const checks = (containerId, entries) => {
    const box = $(containerId);
    const checked = new Set(checkedValues(containerId));
    clear(box);
    for (const [value, text, lang] of entries) {
      const id = `${containerId}-${value}`;
      box.append(
        el('span', { class: 'check' }, [
          el('input', { type: 'checkbox', id, value, checked: checked.has(value) }),
          el('label', { for: id, lang, text }),
        ]),
      );
    }
  };
  checks(
    'nm-languages',
    Object.entries(LANGUAGE_NAMES).map(([code, name]) => [code, name, code]),
  );
  checks(
    'nm-offices',
    OFFICES.map((o) => [o, label('officeNames', o)]),
  );
  renderTransferTargets();
}

function renderTransferTargets() {
  const select = $('transfer-to');
  const chosen = select.value;
  clear(select);
  const others = state.mediators.filter((m) => !state.me || m.id !== state.me.id);
  if (others.length) {
    select.append(
      el(
        'optgroup',
        { label: t('mediators') },
        others.map((m) => el('option', { value: `m:${m.id}`, text: m.name })),
      ),
    );
  }
  select.append(
    el('optgroup', { label: t('teams') }, [
      ...OFFICES.map((o) => el('option', { value: `o:${o}`, text: label('officeNames', o) })),
      el('option', { value: 'o:', text: t('noTeam') }),
    ]),
  );
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

function switchLanguage() {
  state.ui = state.ui === 'pt' ? 'en' : 'pt';
  try {
    window.localStorage.setItem('cnaim-console-lang', state.ui);
  } catch {
    /* not kept */
  }
  applyLabels();
  if (!state.me) return;
  $('who').textContent = `${state.me.name} · ${label('roles', state.me.role)}`;
  state.cannedKey = '';
  renderStaticOptions();
  renderQueue();
  renderTeam();
  if (state.view) renderConversation(state.view, false);
}

// --- start -----------------------------------------------------------------------------------

function bind() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('lang-toggle').addEventListener('click', switchLanguage);
  $('nav-conversation').addEventListener('click', () => showScreen('conversation'));
  $('nav-supervisor').addEventListener('click', () => {
    showScreen('supervisor');
    void loadMediators();
  });
  $('act-claim').addEventListener('click', claim);
  $('act-hand-back').addEventListener('click', () => letGo('hand-back', undefined, t('handedBack')));
  $('act-transfer').addEventListener('click', () => toggleForm('transfer', $('transfer-form').hidden));
  $('act-close').addEventListener('click', () => toggleForm('close', $('close-form').hidden));
  $('act-export').addEventListener('click', exportPerson);
  $('act-erase').addEventListener('click', erasePerson);
  $('transfer-form').addEventListener('submit', transfer);
  $('close-form').addEventListener('submit', closeCase);
  $('reply-form').addEventListener('submit', sendReply);
  $('reply-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) $('reply-form').requestSubmit();
  });
  $('note-form').addEventListener('submit', addNote);
  $('canned').addEventListener('change', (event) => {
    const chosen = state.view?.canned.find((c) => c.id === event.target.value);
    if (!chosen) return;
    $('reply-text').value = chosen.text;
    event.target.value = '';
    $('reply-text').focus();
  });
  $('new-mediator-form').addEventListener('submit', createMediator);
  $('nm-dismiss').addEventListener('click', () => {
    $('nm-result').hidden = true;
    $('nm-password').textContent = '';
  });
  window.addEventListener('hashchange', () => {
    const match = /^#\/c\/([0-9A-Z]{26})$/.exec(location.hash);
    if (match && state.me && match[1] !== state.current) void openConversation(match[1]);
  });
  // Waiting times move on without the server saying anything.
  window.setInterval(() => {
    if (!state.me) return;
    renderQueue();
    if (state.view) renderHolder();
  }, 20_000);
}

async function boot() {
  applyLabels();
  bind();
  try {
    enter(await api('/me'));
  } catch {
    showSignIn();
  }
}

void boot();
