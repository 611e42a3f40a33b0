// The intake pages' words, French first, English through the visible language switch. The
// choice is kept nowhere (no cookie, no storage): a page always opens in French, and the switch
// changes it for this visit only.
"use strict";

(function () {
  const NBSP = "\u00a0";
  const FR = {
    "lang.switch": "English",
    "lang.switch.label": "Read this page in English",
    "noscript": "Cette page chiffre votre demande dans votre navigateur : elle a besoin de JavaScript.",
    "page.title": "Dépôt confidentiel",
    "page.loading": "Chargement de la page du destinataire…",
    "page.intro": "Vous écrivez à {organisation}. Tout ce que vous saisissez ici est chiffré dans votre navigateur avant l’envoi : seuls les membres désignés de l’organisation pourront le lire.",
    "key.heading": "À qui écrivez-vous ?",
    "key.organisation": "Organisation" + NBSP + ":",
    "key.fingerprint": "Empreinte de sa clé" + NBSP + ":",
    "key.explain": "Cette empreinte prouve que la liste des destinataires a été signée par cette clé. Pour être sûr qu’il s’agit bien de l’organisation, comparez les 64 caractères avec l’empreinte qu’elle publie ailleurs (son site, son papier à en-tête, un affichage à son accueil). S’ils diffèrent, n’envoyez rien.",
    "key.matched": "Elle est identique à celle du lien que vous avez suivi.",
    "form.heading": "Votre demande",
    "form.you": "Vous (facultatif)",
    "form.you.hint": "Laissez ces deux champs vides pour une demande anonyme.",
    "form.name": "Nom",
    "form.contact": "Comment vous joindre (adresse, téléphone…)",
    "form.subject": "Objet (obligatoire)",
    "form.message": "Message",
    "form.files": "Pièces jointes",
    "form.limits": "Jusqu’à {files} fichiers, {size} au total.",
    "form.nofiles": "Cette organisation n’accepte pas de pièces jointes.",
    "form.reply": "Je souhaite pouvoir lire une réponse (un code de réponse me sera donné)",
    "form.privacy": "Le relais qui transmet votre demande ne voit ni votre nom, ni l’objet, ni le message, ni les fichiers, et ne garde pas votre adresse IP.",
    "form.submit": "Chiffrer et envoyer",
    "form.selected": "{count} fichier(s), {size}",
    "progress.encrypting": "Chiffrement de votre demande…",
    "progress.pow": "Calcul anti-abus en cours (quelques secondes)…",
    "progress.sending": "Envoi de la demande chiffrée ({size})…",
    "done.heading": "Demande déposée",
    "done.receipt": "Code de dépôt" + NBSP + ":",
    "done.receipt.hint": "Ce code désigne votre dépôt auprès de l’organisation ; il ne permet pas de lire la demande.",
    "done.reply.heading": "Votre code de réponse : conservez-le",
    "done.reply.hint": "Notez ce code ou imprimez cette page maintenant. C’est la seule façon de lire la réponse, sur la page ci-dessous ; personne, ni l’organisation ni le relais, ne peut vous le redonner. Gardez-le secret comme un mot de passe.",
    "done.reply.link": "Page des réponses" + NBSP + ":",
    "done.noreply": "Vous n’avez pas demandé de réponse.",
    "done.download": "Télécharger le reçu de dépôt (JSON)",
    "done.download.hint": "Le reçu contient la preuve, signée par le relais, du dépôt de votre demande chiffrée (date, taille, empreinte) ; il ne contient pas son contenu.",
    "size.byte": "1 octet",
    "size.bytes": "{n} octets",
    "size.units": ["Ko", "Mo", "Go"],
    "err.network": "Le relais ne répond pas. Vérifiez votre connexion puis réessayez.",
    "err.not_found": "Ce point de dépôt n’existe pas ou a été fermé.",
    "err.outdated": "La liste des destinataires de ce point de dépôt est en cours de mise à jour. Rechargez la page dans quelques minutes.",
    "err.rate_limited": "Trop de demandes depuis votre connexion. Réessayez dans quelques minutes.",
    "err.too_large": "La demande chiffrée dépasse la taille acceptée par le relais.",
    "err.challenge": "Le calcul anti-abus n’a pas été accepté. Réessayez.",
    "err.server": "Le relais a refusé la demande ({code}). Réessayez plus tard.",
    "err.document": "Les informations reçues du relais sont invalides ({reason}). Par sécurité, rien ne sera chiffré.",
    "err.signature": "La signature de la liste des destinataires est invalide. Par sécurité, rien ne sera chiffré ni envoyé.",
    "err.key_mismatch": "La clé de l’organisation n’est pas celle du lien que vous avez suivi (#cle=…). Par sécurité, rien ne sera chiffré ni envoyé : vérifiez le lien auprès de l’organisation.",
    "err.key_fragment": "Le lien que vous avez suivi contient une clé mal écrite (#cle= doit être suivi de 64 chiffres hexadécimaux). Par sécurité, rien ne sera chiffré ni envoyé.",
    "err.subject_empty": "Indiquez l’objet de votre demande.",
    "err.too_long": "Le champ «" + NBSP + "{field}" + NBSP + "» est trop long ({length} caractères, {max} au plus).",
    "err.bad_chars": "Le champ «" + NBSP + "{field}" + NBSP + "» contient des caractères invisibles ou de contrôle : retirez-les.",
    "err.too_many_files": "Trop de pièces jointes : {count}, {max} au plus.",
    "err.files_too_large": "Les pièces jointes font {size}, {max} au plus.",
    "err.file_changed": "Le fichier «" + NBSP + "{name}" + NBSP + "» a changé pendant sa lecture. Choisissez-le de nouveau.",
    "err.file_unreadable": "Un fichier joint n’a pas pu être lu. Choisissez-le de nouveau.",
    "err.header_too_large": "Les textes de la demande sont trop longs.",
    "err.crypto": "Le chiffrement a échoué. Rechargez la page et réessayez.",
    "reply.title": "Lire une réponse",
    "reply.intro": "Saisissez le code de réponse qui vous a été donné lors du dépôt. La réponse est déchiffrée dans votre navigateur ; le code n’est jamais envoyé au relais.",
    "reply.code": "Code de réponse",
    "reply.code.hint": "32 lettres et chiffres, par exemple ABCD-EFGH-… (majuscules, espaces et tirets indifférents).",
    "reply.submit": "Lire les réponses",
    "reply.loading": "Recherche des réponses…",
    "reply.none": "Aucune réponse pour ce code pour l’instant. Les réponses restent disponibles 30 jours.",
    "reply.count": "{count} réponse(s).",
    "reply.from": "De {organisation}, le {date}",
    "reply.nosubject": "(sans objet)",
    "reply.files": "Pièces jointes",
    "reply.download": "Télécharger «" + NBSP + "{name}" + NBSP + "» ({size})",
    "reply.unreadable": "Une réponse n’a pas pu être lue avec ce code.",
    "err.code_format": "Ce code de réponse est mal écrit : il doit compter 32 lettres (A à Z) et chiffres (2 à 7).",
    "back.deposit": "Retour au formulaire de dépôt",
    "footer": "Page servie par un relais Scellé. Aucun cookie, aucun traceur, aucune ressource extérieure.",
  };
  const EN = {
    "lang.switch": "Français",
    "lang.switch.label": "Lire cette page en français",
    "noscript": "This page encrypts your request in your browser: it needs JavaScript.",
    "page.title": "Confidential drop box",
    "page.loading": "Loading the recipient's page…",
    "page.intro": "You are writing to {organisation}. Everything you enter here is encrypted in your browser before it is sent: only the organisation's designated members can read it.",
    "key.heading": "Who are you writing to?",
    "key.organisation": "Organisation:",
    "key.fingerprint": "Fingerprint of its key:",
    "key.explain": "This fingerprint proves the list of recipients was signed with this key. To be sure it is the organisation's, compare the 64 characters with the fingerprint it publishes elsewhere (its website, its letterhead, a notice at its reception desk). If they differ, send nothing.",
    "key.matched": "It is the same as the one in the link you followed.",
    "form.heading": "Your request",
    "form.you": "You (optional)",
    "form.you.hint": "Leave both fields empty for an anonymous request.",
    "form.name": "Name",
    "form.contact": "How to reach you (address, telephone…)",
    "form.subject": "Subject (required)",
    "form.message": "Message",
    "form.files": "Attachments",
    "form.limits": "Up to {files} files, {size} in all.",
    "form.nofiles": "This organisation accepts no attachments.",
    "form.reply": "I want to be able to read a reply (I will be given a reply code)",
    "form.privacy": "The relay that carries your request sees neither your name, nor the subject, the message or the files, and does not keep your IP address.",
    "form.submit": "Encrypt and send",
    "form.selected": "{count} file(s), {size}",
    "progress.encrypting": "Encrypting your request…",
    "progress.pow": "Anti-abuse computation in progress (a few seconds)…",
    "progress.sending": "Sending the encrypted request ({size})…",
    "done.heading": "Request deposited",
    "done.receipt": "Deposit code:",
    "done.receipt.hint": "This code names your deposit to the organisation; it does not let anyone read the request.",
    "done.reply.heading": "Your reply code: keep it",
    "done.reply.hint": "Write this code down or print this page now. It is the only way to read the reply, on the page below; nobody, neither the organisation nor the relay, can give it to you again. Keep it secret like a password.",
    "done.reply.link": "Replies page:",
    "done.noreply": "You did not ask for a reply.",
    "done.download": "Download the deposit receipt (JSON)",
    "done.download.hint": "The receipt holds the relay's signed proof that your encrypted request was deposited (time, size, digest); it does not hold its content.",
    "size.byte": "1 byte",
    "size.bytes": "{n} bytes",
    "size.units": ["KB", "MB", "GB"],
    "err.network": "The relay does not answer. Check your connection and try again.",
    "err.not_found": "This drop box does not exist or was closed.",
    "err.outdated": "The list of recipients of this drop box is being updated. Reload the page in a few minutes.",
    "err.rate_limited": "Too many requests from your connection. Try again in a few minutes.",
    "err.too_large": "The encrypted request is larger than the relay accepts.",
    "err.challenge": "The anti-abuse computation was not accepted. Try again.",
    "err.server": "The relay refused the request ({code}). Try again later.",
    "err.document": "What the relay sent is invalid ({reason}). To be safe, nothing will be encrypted.",
    "err.signature": "The signature of the list of recipients is invalid. To be safe, nothing will be encrypted or sent.",
    "err.key_mismatch": "The organisation's key is not the one in the link you followed (#cle=…). To be safe, nothing will be encrypted or sent: check the link with the organisation.",
    "err.key_fragment": "The link you followed holds a badly written key (#cle= must be followed by 64 hexadecimal digits). To be safe, nothing will be encrypted or sent.",
    "err.subject_empty": "Enter the subject of your request.",
    "err.too_long": "The field “{field}” is too long ({length} characters, at most {max}).",
    "err.bad_chars": "The field “{field}” holds invisible or control characters: remove them.",
    "err.too_many_files": "Too many attachments: {count}, at most {max}.",
    "err.files_too_large": "The attachments come to {size}, at most {max}.",
    "err.file_changed": "The file “{name}” changed while it was read. Choose it again.",
    "err.file_unreadable": "An attached file could not be read. Choose it again.",
    "err.header_too_large": "The request's texts are too long.",
    "err.crypto": "Encryption failed. Reload the page and try again.",
    "reply.title": "Read a reply",
    "reply.intro": "Enter the reply code you were given when you made your request. The reply is decrypted in your browser; the code is never sent to the relay.",
    "reply.code": "Reply code",
    "reply.code.hint": "32 letters and digits, e.g. ABCD-EFGH-… (case, spaces and dashes do not matter).",
    "reply.submit": "Read the replies",
    "reply.loading": "Looking for replies…",
    "reply.none": "No reply for this code yet. Replies stay available for 30 days.",
    "reply.count": "{count} reply(ies).",
    "reply.from": "From {organisation}, on {date}",
    "reply.nosubject": "(no subject)",
    "reply.files": "Attachments",
    "reply.download": "Download “{name}” ({size})",
    "reply.unreadable": "A reply could not be read with this code.",
    "err.code_format": "This reply code is badly written: it must have 32 letters (A to Z) and digits (2 to 7).",
    "back.deposit": "Back to the request form",
    "footer": "Page served by a Scellé relay. No cookie, no tracker, no outside resource.",
  };
  const TABLES = { fr: FR, en: EN };
  const FIELD_NAMES = {
    fr: { name: "Nom", contact: "Comment vous joindre", subject: "Objet", message: "Message" },
    en: { name: "Name", contact: "How to reach you", subject: "Subject", message: "Message" },
  };

  let language = "fr";
  const listeners = [];

  function t(key, params) {
    const text = TABLES[language][key];
    if (typeof text !== "string") return text;
    // A parameter may be a function (a size, a date): called at each rendering, so that the
    // language switch rewrites it in the new language's form.
    return text.replace(/\{(\w+)\}/g, (_, name) => {
      const value = (params || {})[name];
      return String((typeof value === "function" ? value() : value) ?? "");
    });
  }

  function field(name) {
    return FIELD_NAMES[language][name] || name;
  }

  // Every element with data-i18n="key" shows t(key); data-i18n-label="key" sets aria-label.
  function apply() {
    document.documentElement.lang = language;
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll("[data-i18n-label]")) {
      el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    }
    const title = document.querySelector("[data-i18n-title]");
    if (title) document.title = t(title.dataset.i18nTitle);
    const other = document.getElementById("lang-switch");
    if (other) other.lang = language === "fr" ? "en" : "fr";
    for (const listener of listeners) listener(language);
  }

  function setLanguage(next) {
    language = next;
    apply();
  }

  function init() {
    const button = document.getElementById("lang-switch");
    if (button) button.addEventListener("click", () => setLanguage(language === "fr" ? "en" : "fr"));
    apply();
  }

  globalThis.scelleI18n = {
    t, field, init, setLanguage,
    language: () => language,
    onChange: (listener) => listeners.push(listener),
  };
})();
