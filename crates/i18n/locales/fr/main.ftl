## E-mails. Le code de vérification reste seul sur sa ligne.

email-otp-subject = Votre code de vérification PMS
email-otp-body =
    Bonjour { $name },

    Utilisez ce code pour confirmer votre adresse e-mail et terminer l'inscription de { $username } pour { $organization } :

    { $code }

    Ce code est valable { $minutes } minutes. Si vous ne l'avez pas demandé, ignorez ce message.

email-registered-pending-subject = Votre inscription a bien été reçue
email-registered-pending-body =
    Bonjour { $name },

    Votre adresse e-mail est confirmée et l'inscription du partenaire { $partnerId } est maintenant en attente de l'approbation de l'administrateur des partenaires.
    Vous pouvez vous connecter sur { $portal } pour en suivre l'état.

email-registered-certificate-subject = Votre inscription a bien été reçue
email-registered-certificate-body =
    Bonjour { $name },

    Le partenaire { $partnerId } est inscrit. Il deviendra actif dès que vous aurez téléversé son certificat.
    Connectez-vous sur { $portal } pour continuer.

email-approved-subject = Votre inscription en tant que partenaire est approuvée
email-approved-body =
    Bonjour { $name },

    Le partenaire { $partnerId } a été approuvé par l'administrateur des partenaires. Vous pouvez désormais vous connecter sur { $portal } et utiliser les fonctions de partenaire.

email-rejected-subject = Votre inscription en tant que partenaire n'a pas été approuvée
email-rejected-body =
    Bonjour { $name },

    L'inscription du partenaire { $partnerId } a été rejetée par l'administrateur des partenaires.
    Motif : { $reason }

email-deactivated-subject = Votre compte partenaire a été désactivé
email-deactivated-body =
    Bonjour { $name },

    Le partenaire { $partnerId } a été désactivé par l'administrateur des partenaires. Ses identifiants ne fonctionnent plus.
    Motif : { $reason }

email-reactivated-subject = Votre compte partenaire est de nouveau actif
email-reactivated-body =
    Bonjour { $name },

    Le partenaire { $partnerId } a été réactivé par l'administrateur des partenaires. Vous pouvez de nouveau vous connecter sur { $portal }.

nav-logout = Se déconnecter
list-results = { $count ->
        [one] { $count } résultat
       *[other] { $count } résultats
    }

## Mise en page

app-name = Gestion des partenaires
skip-to-content = Aller au contenu
nav-label = Menu principal
nav-home = Accueil
nav-partners = Partenaires
nav-policy-groups = Groupes de politiques
nav-policies = Politiques
nav-audit = Journal d'audit
nav-profile = Mon profil
language = Langue
language-apply = Appliquer
footer-api = Référence de l'API
session-idle-warning = Votre session va bientôt se fermer faute d’activité. Rechargez la page pour la garder ouverte.
back-home = Retour à la page d'accueil
optional = facultatif
choose = — choisir —
all = Tous
key = Clé

## Actions et formulaires génériques

action-save = Enregistrer
action-cancel = Annuler
action-back = Retour
action-edit = Modifier
action-clone = Dupliquer
action-publish = Publier
action-activate = Activer
action-deactivate = Désactiver
action-approve = Approuver
action-reject = Rejeter
action-reactivate = Réactiver
confirm-irreversible = Veuillez confirmer. Cette opération est consignée dans le journal d'audit.
form-required = Ce champ est obligatoire.
form-too-long = { $max } caractères au maximum.
form-summary-title = { $count ->
        [one] Ce formulaire comporte une erreur
       *[other] Ce formulaire comporte { $count } erreurs
    }
filter-apply = Filtrer
filter-reset = Réinitialiser
list-empty = Aucun élément à afficher.
pager-label = Pages
pager-previous = Précédent
pager-next = Suivant
pager-page = Page { $page }

## Champs

field-id = Identifiant
field-name = Nom
field-description = Description
field-status = Statut
field-created = Date de création
field-type = Type
field-version = Version
field-document = Document de politique (JSON)
field-valid = Validité
field-change = Modification
field-by = Par
field-date = Date
field-reason = Motif
field-username = Nom d'utilisateur
field-password = Mot de passe
field-password-confirm = Répétez le mot de passe
field-email = Adresse e-mail
field-phone = Téléphone
field-address = Adresse
field-first-name = Prénom
field-last-name = Nom
field-organisation = Organisation
field-partner-id = Identifiant du partenaire
field-partner-type = Type de partenaire
field-policy-group = Groupe de politiques
field-language = Langue
field-code = Code de vérification
field-certificate = Certificat
certificate-uploaded = Téléversé
certificate-missing = Pas encore téléversé

## Statuts

status-activated = Actif
status-deactivated = Désactivé
status-draft = Brouillon
status-rejected = Rejeté
status-pending-approval = En attente d'approbation
status-inprogress = En attente du certificat
banner-pending_approval = Votre inscription est en cours d'examen par l'administrateur des partenaires. Vous recevrez un e-mail dès qu'une décision aura été prise.
banner-InProgress = Téléversez votre certificat pour activer ce partenaire.
banner-activated = Votre compte partenaire est approuvé. Vous pouvez utiliser les fonctions de partenaire.
banner-rejected = Votre inscription n'a pas été approuvée.
banner-deactivated = Votre compte partenaire a été désactivé. Les fonctions de partenaire sont bloquées.

## Types de partenaires

type-Auth_Partner = Partenaire d'authentification
type-Credential_Partner = Partenaire de justificatifs
type-Device_Provider = Fournisseur de dispositifs
type-FTM_Provider = Fournisseur de puces FTM
type-Online_Verification_Partner = Partenaire de vérification en ligne
type-MISP_Partner = Fournisseur de services d'infrastructure MOSIP
type-ABIS_Partner = Partenaire ABIS
type-Manual_Adjudication = Partenaire d'arbitrage manuel
type-SDK_Partner = Partenaire SDK
type-Partner_Admin = Administrateur des partenaires
type-Internal_Partner = Partenaire interne
type-Print_Partner = Partenaire d'impression
type-Binding_Partner = Partenaire de liaison

## Types de politiques et modifications

policy-type-Auth = Politiques d'authentification
policy-type-DataShare = Politiques de partage de données
policy-type-CredentialIssuance = Politiques d'émission de justificatifs
policy-type-MISP = Politiques MISP
change-created = Création
change-updated = Mise à jour
change-published = Publication
change-deactivated = Désactivation
change-registered = Inscription
change-approve = Approbation
change-reject = Rejet
change-deactivate = Désactivation
change-reactivate = Réactivation
change-profile-updated = Mise à jour du profil
change-policy-group-changed = Changement de groupe de politiques
change-certificate-accepted = Acceptation du certificat

## Messages après une action

flash-consent = Merci. Votre consentement a été enregistré.
flash-logged-out = Votre session a été fermée.
flash-code-sent = Un code de vérification a été envoyé à votre adresse e-mail.
flash-code-resent = Un nouveau code a été envoyé. Le précédent n'est plus valable.
flash-group-created = Le groupe de politiques a été créé.
flash-group-saved = Le groupe de politiques a été enregistré.
flash-group-activated = Le groupe de politiques est de nouveau actif.
flash-group-deactivated = Le groupe de politiques a été désactivé.
flash-policy-created = La politique a été enregistrée comme brouillon.
flash-policy-saved = Le brouillon a été enregistré.
flash-policy-published = La politique a été publiée.
flash-policy-deactivated = La politique a été désactivée.
flash-policy-cloned = La copie a été enregistrée comme brouillon.
flash-profile-saved = Votre profil a été enregistré.
flash-partner-approve = Le partenaire a été approuvé et informé par e-mail.
flash-partner-reject = Le partenaire a été rejeté et informé par e-mail.
flash-partner-deactivate = Le partenaire a été désactivé et ses identifiants ont été révoqués.
flash-partner-reactivate = Le partenaire est de nouveau actif.

## Connexion

login-title = Connexion
login-submit = Se connecter
login-failed = Le nom d'utilisateur ou le mot de passe est incorrect.
login-rate-limited = Trop de tentatives infructueuses. Veuillez patienter quelques minutes, puis réessayer.
login-expired = Votre session a expiré après une période d'inactivité. Veuillez vous reconnecter.
login-no-account = Nouveau partenaire ?
login-register = Inscrire votre organisation

## Inscription en libre-service

register-title = Inscrire votre organisation
register-intro = Présentez-nous votre organisation. Nous enverrons un code à votre adresse e-mail pour la confirmer ; l'administrateur des partenaires examinera ensuite votre inscription.
register-organisation = Organisation
register-contact = Personne à contacter
register-account = Identifiants de connexion
register-no-group = — aucun —
register-group-hint = Obligatoire pour les types de partenaires qui utilisent des politiques (authentification, justificatifs, vérification, ABIS, arbitrage).
register-username-hint = Jusqu'à 36 lettres, chiffres et . _ - @, sans espace. C'est aussi l'identifiant de votre partenaire.
register-password-hint = Au moins 12 caractères, dont une lettre et un chiffre, sans contenir le nom d'utilisateur.
error-PMS_REG_008 = Les deux mots de passe sont différents.
register-terms = J'accepte les conditions générales : mes nom, téléphone, adresse e-mail, organisation et adresse sont utilisés pour gérer ce partenariat.
register-submit = Envoyer le code de vérification
register-have-account = Vous avez déjà un compte ?
verify-title = Consultez votre messagerie
verify-check-email = Nous avons envoyé un code à six chiffres à { $email }. Saisissez-le ci-dessous pour confirmer votre adresse.
verify-validity = Ce code est valable { $minutes } minutes. Cinq essais au maximum sont autorisés.
verify-submit = Vérifier
verify-resend = Envoyer un nouveau code
done-title = Inscription reçue
done-pending = Votre adresse e-mail est confirmée. Le partenaire { $partnerId } est maintenant en attente de l'approbation de l'administrateur des partenaires ; la décision vous sera communiquée par e-mail. Vous pouvez déjà vous connecter pour suivre son état.
done-certificate = Votre adresse e-mail est confirmée. Connectez-vous et téléversez le certificat du partenaire { $partnerId } pour l'activer.

## Consentement aux conditions

consent-title = Conditions générales
consent-text = Les informations que vous avez fournies (nom, numéro de téléphone, adresse e-mail, organisation et adresse) sont utilisées pour gérer votre partenariat, délivrer des identifiants et vous contacter. Elles sont conservées pendant toute la durée du partenariat.
consent-accept = J'ai lu et j'accepte les conditions générales.
consent-submit = Continuer
consent-required = Veuillez accepter les conditions générales pour continuer.

## Accueil

dashboard-welcome = Bienvenue, { $name }
dashboard-partners = Partenaires
dashboard-pending = inscriptions en attente d'approbation
dashboard-policies = Politiques
dashboard-no-partner = Votre compte dispose d'un rôle de partenaire, mais aucun dossier de partenaire n'existe encore. Inscrivez votre partenaire via l'API MOSIP (POST /v1/partnermanager/partners) ou adressez-vous à l'administrateur des partenaires.
card-profile = Profil
card-profile-text = Les coordonnées de votre organisation.
card-certificates = Certificats
card-policies = Politiques
card-auth-services = Clés API et clients OIDC
card-devices = SBI et dispositifs
card-ftm = Puces FTM
card-misp = Clés de licence
card-coming-next = Bientôt disponible.

## Groupes de politiques

group-new = Nouveau groupe de politiques
group-edit = Modifier le groupe de politiques
group-deactivate-title = Désactiver le groupe de politiques
group-deactivate-message = Les partenaires ne pourront plus choisir { $name } et aucune politique ne pourra y être créée.
group-deactivate-active = { $count ->
        [one] { $count } politique active en fait encore partie.
       *[other] { $count } politiques actives en font encore partie.
    }
group-deactivate-drafts = { $count ->
        [one] { $count } brouillon de politique en fait encore partie.
       *[other] { $count } brouillons de politiques en font encore partie.
    }

## Politiques

policy-new = Nouvelle politique
policy-new-auth = Nouvelle politique d'authentification
policy-new-datashare = Nouvelle politique de partage de données
policy-edit = Modifier le brouillon de politique
policy-save-draft = Enregistrer comme brouillon
policy-history = Historique des versions
policy-json-invalid = Ce JSON n'est pas valide : { $detail }
json-ok = JSON valide.
json-bad = JSON non valide :
policy-publish-title = Publier la politique
policy-publish-message = Une fois publiée, la politique { $name } ne pourra plus être modifiée et les partenaires pourront en faire la demande.
policy-deactivate-title = Désactiver la politique
policy-deactivate-message = La politique { $name } ne pourra plus être utilisée ; les services qui l'utilisent, comme ID Authentication, en sont informés immédiatement. Une politique désactivée ne peut pas être réactivée.
policy-clone-title = Dupliquer une politique
policy-clone-intro = Une copie de { $name } est enregistrée comme brouillon dans le groupe que vous choisissez.
policy-clone-target = Groupe de politiques de la copie

## Administration des partenaires

partner-history = Historique des statuts
partner-approve-title = Approuver le partenaire
partner-approve-message = { $name } pourra utiliser les fonctions de partenaire. Le partenaire en est informé par e-mail.
partner-reject-title = Rejeter l'inscription
partner-reject-message = { $name } ne pourra pas utiliser les fonctions de partenaire. Le motif est envoyé au partenaire par e-mail.
partner-deactivate-title = Désactiver le partenaire
partner-deactivate-message = { $name } perdra l'accès aux fonctions de partenaire et tous ses identifiants seront immédiatement révoqués.
partner-reactivate-title = Réactiver le partenaire
partner-reactivate-message = { $name } pourra de nouveau utiliser les fonctions de partenaire.
audit-entity-type = Type d'entité
audit-entity-id = Entité
audit-entity = Entité
audit-actor = Auteur
audit-action = Action
audit-outcome = Résultat
audit-success = Réussite
audit-failure = Refus

## Erreurs

error-title = L'opération n'a pas abouti
error-forbidden-title = Accès non autorisé
error-forbidden = Votre rôle ne permet pas d'accéder à cette page.
error-internal-title = Une erreur s'est produite
error-internal = Le serveur n'a pas pu traiter la demande. Veuillez réessayer plus tard.
error-csrf = Le formulaire a expiré. Veuillez revenir en arrière, recharger la page et réessayer.
error-PMS_COR_001 = Veuillez vérifier le formulaire : une valeur obligatoire est manquante ou trop longue.
error-PMS_POL_008 = Cette politique n'existe pas.
error-PMS_POL_009 = Une politique portant ce nom existe déjà dans le groupe de politiques.
error-PMS_POL_014 = Un groupe de politiques portant ce nom existe déjà.
error-PMS_POL_016 = Ce groupe de politiques n'existe pas.
error-PMS_POL_019 = Ce groupe de politiques n'existe pas.
error-PMS_POL_020 = La politique est déjà publiée.
error-PMS_POL_053 = Le groupe de politiques n'est pas actif.
error-PMS_POL_055 = Une politique publiée ne peut pas être modifiée.
error-PMS_POL_056 = Des politiques actives font encore partie du groupe de politiques.
error-PMS_POL_062 = La politique est déjà désactivée.
error-PMS_POL_063 = La politique ne peut pas être désactivée : la demande d'un partenaire la concernant a été approuvée.
error-PMS_POL_064 = La politique ne peut pas être désactivée : la demande d'un partenaire la concernant est en attente.
error-PMS_POL_065 = Cette politique n'existe pas.
error-PMS_POL_067 = Le groupe de politiques est déjà désactivé.
error-PMS_POL_068 = Ce groupe de politiques n'existe pas.
error-PMS_POL_069 = Des politiques actives et des brouillons font encore partie du groupe de politiques.
error-PMS_POL_070 = Des brouillons de politiques font encore partie du groupe de politiques.
error-PMS_POL_072 = Seule une politique active peut être désactivée.
error-PMS_PV_005 = cette propriété n'est pas autorisée ici, ou sa valeur ne fait pas partie des valeurs autorisées.
error-PMS_PV_006 = cette propriété obligatoire est absente.
error-PMS_PV_007 = cette valeur n'est pas du bon type.
error-PMS_PV_008 = cette liste ne doit pas être vide.
error-PMS_PV_009 = ce texte ne doit pas être vide.
error-PMS_PRT_002 = Ce groupe de politiques n'existe pas.
error-PMS_PRT_005 = Ce partenaire n'existe pas.
error-PMS_PRT_010 = Ce type de partenaire n'existe pas.
error-PMS_PRT_011 = Un partenaire est déjà inscrit avec cette adresse e-mail.
error-PMS_PRT_012 = Cette adresse e-mail n'est pas valide.
error-PMS_PRT_013 = Ce numéro de téléphone n'est pas valide (chiffres, espaces, + ( ) -, 16 caractères au maximum).
error-PMS_PRT_051 = Cet identifiant de partenaire est déjà utilisé.
error-PMS_PRT_052 = L'identifiant du partenaire ne peut pas dépasser 36 caractères.
error-PMS_PRT_055 = Vous n'avez pas l'autorisation d'agir sur ce partenaire.
error-PMS_PRT_056 = Cette langue n'est pas prise en charge.
error-PMS_PRT_066 = L'identifiant du partenaire ne doit pas contenir d'espace.
error-PMS_PRT_108 = Un groupe de politiques est obligatoire pour ce type de partenaire.
error-PMS_PMP_005 = Ce partenaire n'existe pas.
error-PMS_PMP_016 = Le partenaire n'est pas actif.
error-PMS_PMP_023 = Le groupe de politiques n'est pas actif.
error-PMS_PM_063 = Le partenaire est déjà désactivé.
error-PMS_PRT_357 = Cette colonne ne peut pas être triée.
error-PMS_PRT_358 = L'ordre de tri doit être croissant ou décroissant.
error-PMS_PRT_360 = Le numéro de page n'est pas valide.
error-PMS_PRT_361 = La taille de page n'est pas valide.
error-PMS_REG_001 = Le mot de passe doit comporter au moins 12 caractères, dont une lettre et un chiffre, et ne doit pas contenir le nom d'utilisateur.
error-PMS_REG_002 = Veuillez accepter les conditions générales.
error-PMS_REG_003 = Ce type de partenaire ne peut pas s'inscrire lui-même.
error-PMS_REG_004 = Ce nom d'utilisateur est déjà utilisé.
error-PMS_REG_005 = Trop d'inscriptions depuis votre réseau. Veuillez réessayer plus tard.
error-PMS_REG_006 = L'e-mail de vérification n'a pas pu être envoyé. Veuillez réessayer dans un instant.
error-PMS_OTP_001 = Aucune inscription n'attend de code pour cette adresse. Veuillez vous inscrire de nouveau.
error-PMS_OTP_002 = Le code est incorrect.
error-PMS_OTP_003 = Le code a expiré. Demandez-en un nouveau.
error-PMS_OTP_004 = Trop de codes erronés. Demandez-en un nouveau.
error-PMS_OTP_005 = Veuillez patienter une minute avant de demander un autre code.
error-PMS_OTP_006 = Trop de codes ont été envoyés à cette adresse. Veuillez réessayer dans une heure.
error-PMS_ONB_001 = Le partenaire n'est pas en attente d'approbation.
error-PMS_ONB_002 = Un motif est obligatoire.
error-PMS_ONB_003 = Le partenaire n'est pas désactivé.
error-PMS_ONB_004 = L'inscription du partenaire a été rejetée.

## Magasin de confiance des certificats (administrateur des partenaires)

nav-trust-store = Magasin de confiance
trust-tabs-label = Types de certificats
trust-tab-all = Tous les certificats d'AC
trust-tab-root = AC racine
trust-tab-intermediate = AC intermédiaire
trust-tab-expiring = Expirent bientôt
trust-upload = Téléverser un certificat de confiance
trust-upload-intro = Téléversez un certificat d'AC racine, ou un certificat d'AC intermédiaire dont l'émetteur est déjà dans le magasin de confiance du même domaine. Un fichier peut contenir plusieurs certificats (PEM ou PKCS#7) ; ils sont enregistrés dans le bon ordre.
trust-warning-period = { $count ->
        [one] en évidence : expiration dans { $count } jour au plus
       *[other] en évidence : expiration dans { $count } jours au plus
    }
trust-download-pem = Télécharger le certificat (PEM)
trust-download-chain = Télécharger la chaîne (.p7b)
trust-self-signed = auto-signé
trust-issuer-link = Certificat de l'émetteur
trust-pem = Certificat (PEM)
trust-deactivate-title = Désactiver le certificat d'AC
trust-deactivate-message = { $name } ne fondera plus la confiance : aucun nouveau certificat de partenaire ne pourra s'y rattacher, et ceux qui s'y rattachaient seront signalés comme non fiables. Les consommateurs en sont informés aussitôt.
field-partner-domain = Domaine du partenaire
field-certificate-id = Identifiant du certificat
field-issued-to = Délivré à
field-issued-by = Délivré par
field-valid-from = Valide à partir du
field-valid-till = Valide jusqu'au
field-uploaded = Téléversé
field-serial = Numéro de série
field-sha1 = Empreinte SHA-1
field-sha256 = Empreinte SHA-256
field-days-left = Jours restants
domain-AUTH = Authentification (AUTH)
domain-DEVICE = Appareils (DEVICE)
domain-FTM = Puces FTM (FTM)
ca-type-ROOT = AC racine
ca-type-INTERMEDIATE = AC intermédiaire
ca-status-active = Actif
ca-status-deactivated = Désactivé
cert-expired = Expiré
cert-days-left = { $count ->
        [one] { $count } jour restant
       *[other] { $count } jours restants
    }
cert-upload-file = Choisir un fichier (.pem, .cer, .crt, .der)
cert-upload-file-hint = Ou collez le certificat ci-dessous. Un fichier choisi est utilisé en priorité.
cert-upload-paste = Coller le certificat (PEM)
cert-upload-submit = Téléverser
cert-upload-one-only = Téléversez le certificat du partenaire seul : les certificats d'AC vont dans le magasin de confiance.
expiring-days = Expirant dans (jours)
expiring-days-invalid = Indiquez un nombre de jours entre 0 et 36500.
expiring-summary = { $count ->
        [one] { $count } certificat expire dans cette période, le plus proche en premier.
       *[other] { $count } certificats expirent dans cette période, les plus proches en premier.
    }
expiring-timeline-title = { $count ->
        [one] Expirations des certificats dans le prochain jour
       *[other] Expirations des certificats dans les { $count } prochains jours
    }
expiring-timeline-desc = Une barre par certificat, d'aujourd'hui (à gauche) à sa date d'expiration. Rouge : expiré ; orange : dans la période d'alerte. Le tableau ci-dessous reprend les mêmes certificats.
expiring-legend = Les barres vont d'aujourd'hui à la date d'expiration. Rouge : expiré. Orange : dans la période d'alerte. Vert : plus tard.
expiring-omitted = { $count ->
        [one] { $count } certificat de plus figure seulement dans le tableau.
       *[other] { $count } certificats de plus figurent seulement dans le tableau.
    }
expiring-none = Aucun certificat n'expire dans cette période.
expiring-today = Aujourd'hui
expiring-kind-partner = Certificat de partenaire
expiring-kind-sbi = Interface biométrique sécurisée
expiring-kind-chip = Certificat de puce FTM

## Certificats des partenaires

nav-certificates = Certificat du partenaire
cert-page-title = Certificat du partenaire
cert-current = Certificat actuel
cert-none-yet = Pas encore de certificat
cert-trusted = fiable : il se rattache aux certificats d'AC actifs de son domaine
cert-untrusted = non fiable : un certificat d'AC de sa chaîne a été désactivé ; téléversez un nouveau certificat
cert-original-expired = Le certificat d'origine a expiré.
cert-signed-expired = Le certificat signé par la plateforme a expiré.
cert-download-original = Télécharger le certificat d'origine
cert-download-signed = Télécharger le certificat signé par la plateforme
cert-original-till = Original valide jusqu'au
cert-signed-till = Copie signée par la plateforme valide jusqu'au
cert-upload = Téléverser le certificat
cert-reupload = Téléverser un nouveau certificat
cert-upload-intro = Le certificat doit être délivré par une AC du magasin de confiance (pas auto-signé), porter le nom de votre organisation exactement tel qu'enregistré (O) et rester valide environ un an. La plateforme en signe une copie, valide un an.
cert-upload-approves = Dans ce déploiement, le partenaire est approuvé dès que son certificat est accepté.
cert-history = Historique des téléversements
cert-status-active = Actuel
cert-status-superseded = Remplacé
cert-copy-expired = Cette copie du certificat a expiré. Téléversez un nouveau certificat.
flash-ca-upload-success = Téléversement réussi. Le certificat est dans le magasin de confiance.
flash-ca-upload-partial = Téléversement partiellement réussi. Les certificats déjà présents ou refusés ont été ignorés.
flash-ca-deactivated = Le certificat d'AC a été désactivé.
flash-certificate-uploaded = Le certificat a été accepté et signé par la plateforme.
flash-certificate-uploaded-approved = Le certificat a été accepté et signé par la plateforme. Le partenaire est maintenant approuvé.

## Erreurs de certificats

error-KER-PCM-001 = Ce n'est pas un certificat lisible (PEM, DER ou PKCS#7 attendu).
error-KER-PCM-003 = Ce certificat est déjà dans le magasin de confiance de ce domaine.
error-KER-PCM-004 = Les dates du certificat ne conviennent pas : il a expiré ou ne reste pas valide assez longtemps.
error-KER-PCM-005 = Le certificat d'AC racine de ce certificat n'est pas dans le magasin de confiance de ce domaine. Téléversez d'abord la racine.
error-KER-PCM-006 = Aucun certificat d'AC racine ou intermédiaire de ce domaine n'a délivré ce certificat.
error-KER-PCM-007 = Seuls les certificats X.509 version 3 sont acceptés.
error-KER-PCM-008 = L'organisation (O) du certificat n'est pas exactement le nom d'organisation enregistré du partenaire.
error-KER-PCM-011 = Ce domaine de partenaire n'est pas autorisé (AUTH, DEVICE ou FTM ; un partenaire utilise le domaine de son type).
error-KER-PCM-013 = La clé du certificat est trop courte ou d'un type non autorisé.
error-KER-PCM-014 = L'algorithme de signature du certificat n'est pas accepté (par exemple SHA-1).
error-KER-PCM-015 = Un certificat auto-signé ne peut pas être un certificat de partenaire : il doit être délivré par une AC.
error-KER-PCM-017 = Le certificat d'AC ne reste pas valide assez longtemps (au moins un an est exigé).
error-KER-PCM-018 = Le certificat ne peut pas servir dans ce rôle (certificat d'AC comme certificat de partenaire, ou certificat sans droits d'AC comme AC).
error-KER-PMS-020 = Le certificat n'est pas encore valide : les certificats datés dans le futur ne sont pas acceptés.
error-PMS_TRUST_001 = Ce certificat d'AC n'existe pas.
error-PMS_TRUST_002 = Le certificat d'AC est déjà désactivé.
error-PMS_PRT_054 = Le partenaire n'a pas de groupe de politiques ; il en faut un avant de téléverser son certificat.
error-certificate-PMS_PRT_108 = Aucun certificat n'a encore été téléversé pour ce partenaire.
error-PMS_CERTIFICATE_ERROR_002 = Votre compte ne possède aucun partenaire.
error-PMS_CERTIFICATE_ERROR_007 = Ce partenaire n'appartient pas à votre compte.
error-PMS_CERTIFICATE_ERROR_009 = Le partenaire est désactivé : son certificat ne peut pas être téléchargé.
error-PMS_CERTIFICATE_ERROR_012 = Un identifiant de certificat est requis.
error-PMS_COR_002 = Une valeur de la requête n'est pas valide.

# Portal patterns: navigation, lists, verification page
nav-menu = Menu
filters-toggle = Filtres
pager-size = Lignes par page
pager-size-apply = Afficher
groups-empty-cta = Créer le premier groupe de politiques
policies-empty-cta = Créer la première politique
trust-empty-cta = Déposer le premier certificat d'AC
partners-empty-hint = Les partenaires apparaissent ici dès leur inscription sur /register.
verify-attempts-left = { $count ->
        [one] Il reste une tentative.
       *[other] Il reste { $count } tentatives.
    }
verify-resend-at = Vous pourrez demander un nouveau code à partir de { $time }.

# Accounts (password reset and change, user administration) and the audit trail for people
nav-users = Utilisateurs
nav-password = Changer le mot de passe
login-forgot = Mot de passe oublié ?
forgot-title = Réinitialiser votre mot de passe
forgot-intro = Indiquez votre nom d'utilisateur ou votre adresse e-mail. Si un compte actif correspond, nous envoyons un code à son adresse e-mail.
forgot-identifier = Nom d'utilisateur ou adresse e-mail
forgot-submit = Envoyer un code
reset-title = Choisir un nouveau mot de passe
reset-intro = Si un compte actif correspond à ce que vous avez indiqué, un code part vers son adresse e-mail. Saisissez-le avec votre nouveau mot de passe.
reset-submit = Enregistrer le nouveau mot de passe
reset-new-code = Demander un nouveau code
change-title = Changer votre mot de passe
change-intro = Vos autres sessions et jetons d'API prennent fin quand le mot de passe change.
change-submit = Changer le mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
password-rules = Au moins 12 caractères, avec une lettre et un chiffre, sans le nom d'utilisateur.
field-role = Rôle
field-roles = Rôles
user-history = Historique
user-password-title = Définir un nouveau mot de passe
user-password-intro = Le nouveau mot de passe de { $name } vaut immédiatement ; toutes les sessions et tous les jetons d'API de { $name } prennent fin.
user-deactivate-title = Désactiver cet utilisateur ?
user-deactivate-message = { $name } ne pourra plus se connecter, et ses sessions et jetons d'API prennent fin immédiatement.
user-activate-title = Réactiver cet utilisateur ?
user-activate-message = { $name } pourra de nouveau se connecter avec son mot de passe.
action-user-password = Définir un nouveau mot de passe
action-user-deactivate = Désactiver
action-user-activate = Réactiver
flash-reset-code-sent = Si un compte actif correspond, un code a été envoyé à son adresse e-mail.
flash-password-reset = Votre mot de passe a été changé. Connectez-vous avec le nouveau.
flash-password-changed = Votre mot de passe a été changé. Vos autres sessions ont pris fin.
flash-user-password-set = Le nouveau mot de passe est enregistré. Les sessions de l'utilisateur ont pris fin.
flash-user-deactivate = L'utilisateur a été désactivé et déconnecté partout.
flash-user-activate = L'utilisateur peut de nouveau se connecter.
status-active = Actif
status-code-sent = Code envoyé
status-verified = Vérifié
status-yes = Oui
error-PMS_USR_001 = Aucun utilisateur ne porte ce nom.
error-PMS_USR_002 = L'utilisateur est déjà désactivé.
error-PMS_USR_003 = Vous ne pouvez pas désactiver votre propre compte.
error-PMS_USR_004 = Le dernier administrateur des partenaires actif ne peut pas être désactivé.
error-PMS_USR_005 = L'utilisateur est déjà actif.
error-PMS_USR_006 = Le mot de passe actuel n'est pas correct.
error-PMS_USR_007 = Le code est faux, a expiré ou a été essayé trop souvent. Vérifiez-le ou demandez-en un nouveau.
email-reset-subject = Votre code de réinitialisation du mot de passe PMS
audit-from = Du
audit-to = Au
audit-utc = Les heures sont en UTC.
audit-bad-date = Une date n'est pas valable : utilisez les champs de date et d'heure.
audit-export-csv = Exporter ces lignes en CSV
audit-what = Ce qui s'est passé
audit-details = Détails
audit-anonymous = Une personne non connectée
audit-refused = { $actor } a essuyé un refus : { $action } — { $entity }
audit-generic = { $actor } : { $action } — { $entity }
audit-entity-user = Utilisateur
audit-entity-registration = Inscription
audit-entity-partner = Partenaire
audit-entity-policy_group = Groupe de politiques
audit-entity-policy = Politique
audit-entity-ca_certificate = Certificat d'AC
audit-entity-partner_certificate = Certificat de partenaire
audit-entity-policy_request = Demande de politique
audit-entity-api_key = Clé d’API
audit-action-user-bootstrap = Premier administrateur
audit-action-user-create = Utilisateur créé
audit-action-user-consent = Conditions acceptées
audit-action-user-language = Langue changée
audit-action-user-deactivate = Utilisateur désactivé
audit-action-user-activate = Utilisateur réactivé
audit-action-user-password-reset-request = Réinitialisation demandée
audit-action-user-password-reset = Mot de passe réinitialisé
audit-action-user-password-change = Mot de passe changé
audit-action-user-password-set = Mot de passe défini par un administrateur
audit-action-session-open = Connexion au portail
audit-action-session-token = Connexion à l'API
audit-action-session-login-failed = Échec de connexion
audit-action-session-logout = Déconnexion
audit-action-registration-start = Inscription commencée
audit-action-registration-resend = Code d'inscription renvoyé
audit-action-registration-verify = Inscription confirmée
audit-action-partner-register = Partenaire enregistré
audit-action-partner-update = Profil du partenaire modifié
audit-action-partner-contact = Contacts du partenaire modifiés
audit-action-partner-policy-group = Groupe de politiques du partenaire modifié
audit-action-partner-status = Statut du partenaire modifié
audit-action-partner-approve = Partenaire approuvé
audit-action-partner-reject = Partenaire refusé
audit-action-partner-deactivate = Partenaire désactivé
audit-action-partner-reactivate = Partenaire réactivé
audit-action-partner-certificate-accepted = Partenaire approuvé par son certificat
audit-action-policy-group-create = Groupe de politiques créé
audit-action-policy-group-update = Groupe de politiques modifié
audit-action-policy-group-activate = Groupe de politiques activé
audit-action-policy-group-deactivate = Groupe de politiques désactivé
audit-action-policy-create = Politique créée
audit-action-policy-update = Politique modifiée
audit-action-policy-publish = Politique publiée
audit-action-policy-status = Statut de la politique modifié
audit-action-policy-deactivate = Politique désactivée
audit-action-policy-clone = Politique copiée
audit-action-ca-certificate-upload = Certificats d'AC déposés
audit-action-ca-certificate-deactivate = Certificat d'AC désactivé
audit-action-partner-certificate-upload = Certificat de partenaire déposé
audit-action-policy-request-create = Politique demandée
audit-action-policy-request-approve = Demande de politique approuvée
audit-action-policy-request-reject = Demande de politique refusée
audit-action-api-key-create = Clé d’API créée
audit-action-api-key-rotate = Clé d’API remplacée
audit-action-api-key-status = Statut de clé d’API modifié
audit-action-api-key-remap = Clé d’API liée à une autre politique
audit-action-api-key-expire = Clé d’API expirée
audit-action-api-key-revoke = Clé d’API révoquée
audit-action-webhook-create = Webhook ajouté
audit-action-webhook-remove = Webhook supprimé
audit-action-websub-subscription-subscribe = Abonnement au hub demandé
audit-action-websub-subscription-unsubscribe = Désabonnement du hub demandé
audit-action-delivery-retry = Livraison relancée
audit-action-event-replay = Événements rejoués
audit-action-reminder-send = Rappel d'expiration envoyé
audit-action-partner-bio-extractors = Extracteurs biométriques définis
audit-action-partner-credential-type = Type de justificatif lié à une politique
audit-do-user-bootstrap = { $actor } a créé le premier administrateur { $entity }
audit-do-user-create = { $actor } a créé l'utilisateur { $entity }
audit-do-user-consent = { $entity } a accepté les conditions d'utilisation
audit-do-user-language = { $entity } est passé de la langue { $from } à { $to }
audit-do-user-deactivate = { $actor } a désactivé l'utilisateur { $entity }
audit-do-user-activate = { $actor } a réactivé l'utilisateur { $entity }
audit-do-user-password-reset-request = { $actor } a demandé un code de réinitialisation pour { $entity }
audit-do-user-password-reset = { $actor } a réinitialisé le mot de passe de { $entity } avec un code reçu par e-mail
audit-do-user-password-change = { $entity } a changé son mot de passe
audit-do-user-password-set = { $actor } a défini un nouveau mot de passe pour { $entity }
audit-do-session-open = { $entity } s'est connecté au portail
audit-do-session-token = { $entity } s'est connecté par l'API
audit-do-session-login-failed = Échec de connexion en tant que { $entity } depuis { $client }
audit-do-session-logout = { $entity } s'est déconnecté
audit-do-registration-start = { $actor } s'est inscrit sous { $entity } et a reçu un code
audit-do-registration-resend = { $actor } a demandé un nouveau code d'inscription pour { $entity }
audit-do-registration-verify = { $actor } a confirmé l'adresse e-mail de l'inscription { $entity }
audit-do-partner-register = { $actor } a enregistré le partenaire { $entity }
audit-do-partner-update = { $actor } a modifié le profil du partenaire { $entity }
audit-do-partner-contact = { $actor } a modifié les contacts du partenaire { $entity }
audit-do-partner-policy-group = { $actor } a placé le partenaire { $entity } dans le groupe de politiques { $to }
audit-do-partner-status = { $actor } a fait passer le partenaire { $entity } de { $from } à { $to }
audit-do-partner-approve = { $actor } a approuvé le partenaire { $entity }
audit-do-partner-reject = { $actor } a refusé le partenaire { $entity }
audit-do-partner-deactivate = { $actor } a désactivé le partenaire { $entity }
audit-do-partner-reactivate = { $actor } a réactivé le partenaire { $entity }
audit-do-partner-certificate-accepted = Le partenaire { $entity } a été approuvé par le certificat que { $actor } a déposé
audit-do-policy-group-create = { $actor } a créé le groupe de politiques { $entity }
audit-do-policy-group-update = { $actor } a modifié le groupe de politiques { $entity }
audit-do-policy-group-activate = { $actor } a activé le groupe de politiques { $entity }
audit-do-policy-group-deactivate = { $actor } a désactivé le groupe de politiques { $entity }
audit-do-policy-create = { $actor } a créé le brouillon de politique { $entity }
audit-do-policy-update = { $actor } a modifié la politique { $entity }
audit-do-policy-publish = { $actor } a publié la politique { $entity }
audit-do-policy-status = { $actor } a fait passer la politique { $entity } de { $from } à { $to }
audit-do-policy-deactivate = { $actor } a désactivé la politique { $entity }
audit-do-policy-clone = { $actor } a copié une politique dans { $entity }
audit-do-ca-certificate-upload = { $actor } a déposé des certificats d'AC dans le domaine { $entity }
audit-do-ca-certificate-deactivate = { $actor } a désactivé le certificat d'AC { $entity }
audit-do-partner-certificate-upload = { $actor } a déposé le certificat du partenaire { $entity }
audit-do-policy-request-create = { $actor } a demandé une politique (demande { $entity })
audit-do-policy-request-approve = { $actor } a approuvé la demande de politique { $entity }
audit-do-policy-request-reject = { $actor } a refusé la demande de politique { $entity }
audit-do-api-key-create = { $actor } a créé la clé d’API { $entity }
audit-do-api-key-rotate = { $actor } a créé la clé d’API { $entity } pour remplacer une clé plus ancienne
audit-do-api-key-status = { $actor } a fait passer la clé d’API { $entity } de { $from } à { $to }
audit-do-api-key-remap = { $actor } a lié la clé d’API { $entity } à une autre politique
audit-do-api-key-expire = La clé d’API { $entity } a atteint sa date de fin
audit-do-api-key-revoke = La clé d’API { $entity } a été révoquée avec son partenaire
audit-do-webhook-create = { $actor } a ajouté le webhook { $entity }
audit-do-webhook-remove = { $actor } a supprimé le webhook { $entity }
audit-do-websub-subscription-subscribe = { $actor } a demandé au hub d'abonner { $entity }
audit-do-websub-subscription-unsubscribe = { $actor } a demandé au hub de désabonner { $entity }
audit-do-delivery-retry = { $actor } a remis la livraison { $entity } en file
audit-do-event-replay = { $actor } a rejoué les événements { $entity }
audit-do-reminder-send = Un rappel d'expiration a été envoyé pour { $entity }
audit-do-partner-bio-extractors = { $actor } a défini les extracteurs biométriques du partenaire { $entity }
audit-do-partner-credential-type = { $actor } a lié un type de justificatif du partenaire { $entity } à une politique
email-reset-body =
    Bonjour { $name },

    Utilisez ce code pour choisir un nouveau mot de passe pour { $username } :

    { $code }

    Le code est valable { $minutes } minutes et ne sert qu'une fois. Si vous ne l'avez pas demandé, ignorez ce message : votre mot de passe ne change pas.

## Policy builder, clone provenance and version differences

policy-clone-default-name = Copie de { $name }
policy-cloned-from = Copiée de
policy-source-gone = (n’existe plus)
policy-changes = Modifications
policy-show-changes = Modifications de la version { $rev }
policy-diff-title = Version { $rev } : ce qui a changé
policy-diff-intro = Comparée à la version { $rev }.
policy-diff-first = Première version : toutes les lignes sont nouvelles.
policy-diff-previous = Modifications précédentes
policy-diff-back = Retour à la politique
policy-diff-fields = Détails
policy-diff-before = Avant
policy-diff-after = Après
policy-diff-changed = modifié
policy-diff-caption = Lignes du document de la politique : lignes supprimées marquées −, lignes ajoutées +.
policy-diff-change = Modification
policy-diff-line = Ligne
policy-diff-added = ajoutée
policy-diff-removed = supprimée
policy-diff-count-added = { $count ->
        [one] 1 ligne ajoutée
       *[other] { $count } lignes ajoutées
    }
policy-diff-count-removed = { $count ->
        [one] 1 ligne supprimée
       *[other] { $count } lignes supprimées
    }
policy-did-you-mean = Vouliez-vous dire { $key } ?
policy-error-line = Ligne { $line }
policy-upload-not-text = Le fichier n’est pas du texte : un document JSON en UTF-8 est attendu.
builder-tab = Assistant
builder-tab-json = JSON (avancé)
builder-json-label = Document de la politique (JSON)
builder-token-type = Type de jeton d’authentification
builder-token-random = Jeton aléatoire
builder-token-partner = Jeton propre au partenaire
builder-token-policy = Jeton propre à la politique
builder-auth-types = Types d’authentification
builder-allowed = Autorisé
builder-mandatory = Obligatoire
builder-auth-otp = OTP
builder-auth-demo = Démographique
builder-auth-bio-finger = Biométrie : empreinte digitale
builder-auth-bio-iris = Biométrie : iris
builder-auth-bio-face = Biométrie : visage
builder-auth-kyc = e-KYC
builder-kyc-attributes = Attributs e-KYC
builder-multi-hint = Maintenez Ctrl (ou ⌘) pour en choisir plusieurs.
builder-languages = Langues e-KYC
builder-misp-flags = Droits de délégation
builder-misp-allowAuthRequestDelegation = Les demandes d’authentification peuvent être déléguées
builder-misp-allowKycRequestDelegation = Les demandes e-KYC peuvent être déléguées
builder-misp-allowKeyBindingDelegation = La liaison de clés peut être déléguée
builder-misp-trustBindedAuthVerificationToken = Les jetons d’authentification liée sont reconnus
builder-misp-allowVciRequestDelegation = Les demandes d’attestations vérifiables peuvent être déléguées
builder-share-settings = Paramètres de partage
builder-share-typeOfShare = Type de partage
builder-share-validForInMinutes = Validité (minutes)
builder-share-transactionsAllowed = Transactions autorisées
builder-share-encryptionType = Chiffrement
builder-share-shareDomain = Domaine de partage
builder-share-source = Source
builder-share-protocol = Protocole
builder-optional = (facultatif)
builder-shareable = Attributs partageables
builder-shared = Partagé
builder-encrypted = Chiffré
builder-file = Fichier
builder-upload = Fichier du document (.json)
builder-upload-button = Charger le fichier
builder-download = Télécharger le .json

## Policy requests and API keys
nav-policy-requests = Demandes de politiques
nav-my-policies = Politiques
nav-api-keys = Clés d’API
field-policy = Politique
field-use-case = Cas d’usage
field-actions = Actions
field-key-label = Libellé
field-key-id = Identifiant de la clé
field-replaced-by = Remplacée par
action-rotate = Renouveler
requests-title = Politiques
requests-admin-title = Liaison partenaires–politiques
requests-new = Demander une politique
requests-no-approved-partner = Une fois votre partenaire approuvé par l’administrateur des partenaires, vous pourrez demander ici les politiques de son groupe.
requests-choose-policy = Choisissez une politique
requests-no-policies = Le groupe de politiques n’a encore aucune politique active.
requests-submit = Envoyer la demande
requests-empty-hint = Demandez une politique avec le formulaire ci-dessus ; l’administrateur des partenaires décide.
request-status-inprogress = En attente
request-status-approved = Approuvée
request-status-rejected = Refusée
request-approve-title = Approuver cette demande de politique
request-reject-title = Refuser cette demande de politique
request-reject-reason-hint = Obligatoire : le partenaire lira ce motif.
request-reject-reason-required = Indiquez le motif du refus ; le partenaire le lira.
request-already-decided = Cette demande a déjà été tranchée.
flash-policy-requested = Votre demande a été envoyée. L’administrateur des partenaires décide.
flash-policy-request-approve = La demande de politique a été approuvée.
flash-policy-request-reject = La demande de politique a été refusée ; le partenaire voit le motif.
flash-api-key-deactivated = La clé d’API a été désactivée. Elle ne fonctionne plus.
api-keys-title = Clés d’API
api-keys-generate = Générer une clé
api-keys-no-grant = Une clé se crée pour une politique approuvée pour votre partenaire.
api-keys-request-first = Demandez d’abord une politique.
api-keys-label-hint = Un nom pour la clé, unique pour la politique ({ $max } caractères au plus).
api-keys-generate-submit = Générer la clé
api-keys-empty-hint = Générez votre première clé avec le formulaire ci-dessus.
key-filter-activated = Active
key-filter-deactivated = Désactivée ou expirée
key-state-active = Active
key-state-expiring = Expire bientôt
key-state-expired = Expirée
key-state-revoked = Désactivée
api-key-issued-title = Votre nouvelle clé d’API
api-key-issued-warning = Copiez la clé maintenant et conservez-la en lieu sûr : elle ne sera plus jamais affichée. PMS n’en garde qu’une empreinte ; si vous la perdez, générez-en une nouvelle.
api-key-issued-label = Clé d’API « { $label } »
api-key-copy = Copier la clé
api-key-copied = La clé a été copiée.
api-key-copy-hint = Sélectionnez tout le champ et copiez-le (Ctrl+C ou ⌘C).
api-key-issued-done = J’ai copié la clé
api-key-never-shown = La clé elle-même n’est affichée qu’une fois, à sa création.
api-key-not-active = Cette clé n’est plus active.
api-key-deactivate-title = Désactiver cette clé d’API
api-key-deactivate-message = La clé { $name } cesse de fonctionner immédiatement. Elle ne pourra plus servir ; générez-en une nouvelle si besoin.
api-key-until-invalid = Indiquez une date, par exemple 2030-01-31.
api-key-rotate-title = Renouveler cette clé d’API
api-key-rotate-message = Une nouvelle clé remplace { $name } ; l’ancienne fonctionne jusqu’à la date choisie, puis expire.
api-key-rotate-label = Libellé de la nouvelle clé
api-key-rotate-until = L’ancienne clé reste valable jusqu’au
api-key-rotate-until-hint = Jusqu’à la fin de ce jour (UTC). Laissé vide : dans 7 jours.
dashboard-policy-requests = Demandes de politiques
dashboard-requests-pending = demandes de politiques en attente de décision
card-policies-text = Demandez des politiques et suivez les décisions.
card-api-keys = Clés d’API
card-api-keys-text = Générez, renouvelez et désactivez les clés de vos politiques approuvées.
error-PMS_PRT_053 = Une demande pour cette politique attend déjà une approbation.
error-PMS_PRT_060 = Cette politique a déjà été approuvée pour le partenaire.
error-PMS_PRT_073 = Cette politique n’existe pas.
error-PMS_PRT_098 = Cette politique n’appartient pas au groupe de politiques du partenaire.
error-PMS_PRT_047 = Le partenaire n’a pas de groupe de politiques.
error-PMS_PMP_019 = La politique n’est pas active.
error-PMS_PMP_018 = La politique a expiré.
error-PMS_PMP_014 = Cette politique n’existe pas.
error-PMS_PMP_007 = Cette demande de politique n’existe pas.
error-PMS_PRT_109 = Aucune demande approuvée pour cette politique : demandez-la d’abord.
error-PMS_PRT_110 = Ce libellé est déjà utilisé pour cette politique. Choisissez-en un autre.
error-PMS_PRT_111 = Aucune clé d’API ne porte ce libellé pour cette politique.
error-PMS_PMS_022 = La clé d’API n’est pas active.
error-PMS_KEY_001 = La clé d’API a expiré ; générez-en une nouvelle.
error-PMS_KEY_002 = L’ancienne clé doit rester valable jusqu’à une date future.
error-PMS_KEY_003 = Cette clé d’API n’existe pas.
error-PMS_PM_034 = Cette demande de politique a déjà été approuvée.
error-PMS_PM_035 = Cette demande de politique a déjà été refusée.

## E-mails et notifications du portail : demandes de politique, clés d'API, certificats qui expirent.

email-request-approved-subject = Votre demande pour la politique { $policyName } est approuvée
email-request-approved-body =
    Bonjour { $name },

    L'administrateur des partenaires a approuvé la demande du partenaire { $partnerId } pour la politique { $policyName }. Vous pouvez désormais générer des clés d'API sur { $portal }.

email-request-rejected-subject = Votre demande pour la politique { $policyName } n'a pas été approuvée
email-request-rejected-body =
    Bonjour { $name },

    L'administrateur des partenaires a rejeté la demande du partenaire { $partnerId } pour la politique { $policyName }.
    Motif : { $reason }

email-key-created-subject = Une nouvelle clé d'API pour la politique { $policyName }
email-key-created-body =
    Bonjour { $name },

    La clé d'API { $label } du partenaire { $partnerId } pour la politique { $policyName } a été créée. Elle est valable jusqu'au { $expires }.
    Si vous ne l'avez pas créée, désactivez-la sur { $portal } et prévenez l'administrateur des partenaires.

email-key-expiring-subject = La clé d'API { $label } expire dans { $days } jours
email-key-expiring-body =
    Bonjour { $name },

    La clé d'API { $label } du partenaire { $partnerId } pour la politique { $policyName } expire le { $expires }. Générez une nouvelle clé sur { $portal } d'ici là.

email-key-deactivated-subject = La clé d'API { $label } a été désactivée
email-key-deactivated-body =
    Bonjour { $name },

    La clé d'API { $label } du partenaire { $partnerId } pour la politique { $policyName } ne fonctionne plus.

email-certificate-expiring-subject = Le certificat du partenaire { $partnerId } expire dans { $days } jours
email-certificate-expiring-body =
    Bonjour { $name },

    Le certificat du partenaire { $partnerId } expire le { $expires }. Déposez un nouveau certificat sur { $portal } d'ici là.

email-ca-expiring-subject = Un certificat d'AC { $domain } expire dans { $days } jours
email-ca-expiring-body =
    Bonjour,

    Le certificat d'AC { $domain } { $subject } expire le { $expires }. Les certificats de partenaires émis sous cette AC ne seront plus acceptés ; déposez son successeur sur { $portal }.

## Portal: events, deliveries and notifications

nav-events = Événements
bell-label = Notifications
bell-unread = { $count ->
        [one] { $count } notification non lue
       *[other] { $count } notifications non lues
    }
events-title = Événements
events-tabs-label = Pages des événements
events-tab-webhooks = Webhooks
events-tab-deliveries = Journal des envois
events-tab-websub = Abonnements au hub
action-remove = Supprimer
field-url = URL
field-topics = Sujets
field-topic = Sujet
field-secret = Secret
field-kind = Type
field-target = Destinataire
field-target-id = ID de l'abonné
field-event-id = ID de l'événement
field-attempts = Tentatives
field-last-answer = Dernière réponse
field-next-attempt = Prochaine tentative
field-delivered = Remis
field-webhook = Webhook
field-callback = Adresse de rappel
field-expires = Expire
webhooks-title = Webhooks
webhooks-intro = Chaque événement d'un sujet choisi est envoyé à l'URL du webhook par un POST signé (HMAC-SHA256 du corps avec son secret), et renvoyé jusqu'à ce qu'il soit accepté.
webhooks-empty = Aucun webhook pour l'instant. Ajoutez-en un ci-dessous.
webhook-deliveries = Envois
webhook-add = Ajouter un webhook
webhook-url-hint = Une URL http ou https absolue, sans nom d'utilisateur ni mot de passe.
webhook-secret-hint = De 16 à 200 caractères, pour signer chaque envoi. Il n'est plus affiché ensuite.
webhook-add-submit = Ajouter le webhook
webhook-remove-title = Supprimer ce webhook ?
webhook-remove-message = Les événements ne sont plus envoyés à { $url }. Les envois encore en attente pour lui sont abandonnés.
flash-webhook-added = Le webhook a été ajouté. Il reçoit les prochains événements de ses sujets.
flash-webhook-removed = Le webhook a été supprimé.
flash-delivery-retried = L'envoi est de nouveau en file d'attente, avec un nouveau compte de tentatives.
flash-events-replayed = Les événements de cette période ont été remis en file d'attente.
flash-notifications-read = Toutes vos notifications sont marquées comme lues.
deliveries-title = Journal des envois
queue-title = File d'attente
queue-pending = En attente
queue-dead = Lettres mortes
queue-oldest = Plus ancien envoi dû depuis le
queue-empty = Rien n'est en attente.
delivery-kind-webhook = Webhook
delivery-kind-websub = Abonné du hub
delivery-kind-hub = Publication au hub WebSub
delivery-kind-intent = Vérification d'intention du hub
delivery-kind-email = E-mail
delivery-status-pending = En attente
delivery-status-delivered = Remis
delivery-status-dead = Lettre morte
delivery-latency = { $ms } ms
delivery-retry = Renvoyer
replay-title = Rejouer des événements
replay-intro = Remet en file d'attente les événements écrits pendant la période (jusqu'à sa fin, ou jusqu'à maintenant) pour les abonnés actuels. Les événements gardent leur ID : un destinataire peut ignorer ceux qu'il a déjà. Les heures sont en UTC.
replay-every-topic = Tous les sujets
replay-every-subscriber = Tous les abonnés
replay-submit = Rejouer les événements
replay-queued = { $count ->
        [0] Aucun envoi n'a été mis en file : aucun événement de cette période n'a d'abonné.
        [one] { $count } envoi a été mis en file d'attente.
       *[other] { $count } envois ont été mis en file d'attente.
    }
websub-title = Abonnements au hub
websub-intro = Les abonnés du hub WebSub intégré, une fois la demande confirmée par leur adresse de rappel.
websub-empty = Aucun abonné pour l'instant.
websub-expired = Expiré
notifications-title = Notifications
notifications-mark-all = Tout marquer comme lu
notifications-all-read = Vous avez lu toutes vos notifications.
notifications-new = Nouveau
notifications-empty = Aucune notification pour l'instant.
audit-export-jsonl = Exporter ces lignes en JSON Lines
error-PMS_EVT_001 = Ce sujet n'existe pas.
error-PMS_EVT_002 = Indiquez une URL http ou https absolue, sans nom d'utilisateur ni mot de passe.
error-PMS_EVT_003 = Les adresses de rappel de cet hôte ne peuvent pas s'abonner.
error-PMS_EVT_004 = Le mode doit être subscribe ou unsubscribe.
error-PMS_EVT_005 = Ce webhook n'existe pas.
error-PMS_EVT_006 = Cet envoi n'existe pas, ou il ne peut pas être renvoyé.
error-PMS_EVT_007 = Le secret doit compter de 16 à 200 caractères.
error-PMS_EVT_008 = Le début de la période doit précéder sa fin.

email-device-approved-subject = { $kind ->
        [sbi] Votre SBI
        [chip] Votre puce FTM
       *[device] Votre appareil
    } { $item } a été approuvé
email-device-approved-body =
    Bonjour { $name },

    L'administrateur des partenaires a approuvé { $kind ->
        [sbi] le SBI
        [chip] la puce FTM
       *[device] l'appareil
    } { $item } du partenaire { $partnerId }.
    Commentaire : { $reason }

email-device-rejected-subject = { $kind ->
        [sbi] Votre SBI
        [chip] Votre puce FTM
       *[device] Votre appareil
    } { $item } n'a pas été approuvé
email-device-rejected-body =
    Bonjour { $name },

    L'administrateur des partenaires a rejeté { $kind ->
        [sbi] le SBI
        [chip] la puce FTM
       *[device] l'appareil
    } { $item } du partenaire { $partnerId }.
    Motif : { $reason }

email-sbi-expiring-subject = Le SBI { $version } du partenaire { $partnerId } expire dans { $days } jours
email-sbi-expiring-body =
    Bonjour { $name },

    L'interface biométrique sécurisée { $version } du partenaire { $partnerId } expire le { $expires }. Enregistrez la suivante sur { $portal } d'ici là ; les appareils d'un SBI expiré ne peuvent pas être approuvés.

email-chip-certificate-expiring-subject = Le certificat de la puce FTM { $item } expire dans { $days } jours
email-chip-certificate-expiring-body =
    Bonjour { $name },

    Le certificat de la puce FTM { $item } du partenaire { $partnerId } expire le { $expires }. Téléversez un nouveau certificat sur { $portal } d'ici là.

# Fournisseurs de dispositifs, fournisseurs FTM et approbations de l'administrateur.
nav-approvals = Approbations
nav-sbis = SBI
nav-devices = Dispositifs
nav-chips = Puces FTM
status-approved = Approuvé
status-pending-cert-upload = En attente du certificat de la puce
card-devices-text = Enregistrez les versions de SBI et ajoutez les dispositifs qui les utilisent.
card-device-list = Dispositifs
card-device-list-text = Tous les dispositifs de vos SBI, avec leur statut.
card-ftm-text = Enregistrez des puces FTM et déposez leurs certificats.
field-sbi-id = Identifiant du SBI
field-sbi-version = Version du SBI
field-sbi-hash = Empreinte du binaire du SBI
field-sbi-created = SBI créé le
field-sbi-expiry = SBI valable jusqu'au
field-sbi-expiry-status = Expiration
field-submitted = Soumis
field-devices = Dispositifs
field-device-id = Identifiant du dispositif
field-device-type = Type de dispositif
field-device-sub-type = Sous-type de dispositif
field-make = Marque
field-model = Modèle
field-chip-id = Identifiant de la puce FTM
sbis-title = Interfaces biométriques sécurisées
sbis-intro = Chaque version de SBI est approuvée par l'administrateur des partenaires avant de pouvoir y ajouter des dispositifs.
sbi-new = Ajouter un SBI
sbi-new-intro = Enregistrez une version de votre interface biométrique sécurisée. L'administrateur des partenaires l'approuve avant que vous puissiez ajouter des dispositifs.
sbi-submit = Soumettre pour approbation
sbi-empty-hint = Ajoutez votre premier SBI.
sbi-valid = Valide
sbi-expired = Expiré
sbi-expiry-hint = Le SBI peut être utilisé jusqu'à la fin de ce jour (UTC), au plus 10 ans à partir d'aujourd'hui.
sbi-date-invalid = Indiquez une date sous la forme année-mois-jour, par exemple 2030-12-31.
sbi-device-counts = { $approved } approuvé(s)
sbi-device-counts-pending = { $pending } en attente
sbi-page-title = SBI
sbi-deactivate = Désactiver le SBI
sbi-devices = Dispositifs de ce SBI
sbi-no-devices = Aucun dispositif pour l'instant.
sbi-add-device = Ajouter un dispositif
sbi-add-device-submit = Soumettre le dispositif pour approbation
sbi-add-pending = Des dispositifs pourront être ajoutés une fois ce SBI approuvé par l'administrateur des partenaires.
sbi-add-expired = Ce SBI a expiré : aucun dispositif ne peut y être ajouté.
sbi-add-closed = Ce SBI n'est plus actif : aucun dispositif ne peut y être ajouté.
sbi-history = Historique
sbi-approve-title = Approuver le SBI
sbi-reject-title = Rejeter le SBI
sbi-deactivate-title = Désactiver le SBI
sbi-deactivate-cascade = Ses dispositifs s'arrêtent avec lui : { $approved } dispositif(s) approuvé(s) seront désactivés et { $pending } dispositif(s) en attente seront rejetés.
device-decision-told = Le fournisseur est informé de la décision, avec le motif, par e-mail et dans ses notifications.
device-reason-hint = Le fournisseur lit ce motif.
device-reject-reason-required = Indiquez pourquoi, pour que le fournisseur puisse corriger.
device-no-sbi = Aucun SBI
devices-title = Dispositifs
devices-intro = Les dispositifs s'ajoutent depuis la page d'un SBI approuvé.
devices-empty-hint = Ajoutez des dispositifs depuis la page d'un SBI approuvé.
devices-no-partner = Votre compte n'a pas encore de partenaire fournisseur de dispositifs.
devices-no-approved-partner = Aucun de vos partenaires fournisseurs de dispositifs n'est encore approuvé.
device-approve-title = Approuver le dispositif
device-reject-title = Rejeter le dispositif
device-deactivate-title = Désactiver le dispositif
chips-title = Puces FTM
chips-no-partner = Votre compte n'a pas encore de partenaire fournisseur FTM.
chips-no-approved-partner = Aucun de vos partenaires fournisseurs FTM n'est encore approuvé.
chip-new = Ajouter une puce FTM
chip-new-intro = Enregistrez une marque et un modèle de puce, puis déposez son certificat ; l'administrateur des partenaires l'approuve.
chip-submit = Ajouter la puce
chip-empty-hint = Ajoutez votre première puce FTM.
chip-page-title = Puce FTM
chip-deactivate = Désactiver la puce
chip-needs-certificate = Déposez le certificat de la puce : l'administrateur des partenaires décide une fois qu'il est là.
chip-certificate = Certificat de la puce
chip-upload-intro = Le certificat doit être émis à votre organisation par une AC du magasin de confiance FTM. Chaque dépôt est une nouvelle version, et la puce attend de nouveau l'approbation.
chip-approve-title = Approuver la puce FTM
chip-reject-title = Rejeter la puce FTM
chip-deactivate-title = Désactiver la puce FTM
chip-deactivate-notice = Une puce désactivée ne peut plus être utilisée et son certificat ne peut plus être téléchargé.
approvals-title = En attente de votre décision
approvals-total = { $count ->
        [0] Rien n'attend de décision.
        [one] { $count } élément attend une décision.
       *[other] { $count } éléments attendent une décision.
    }
approvals-none = Rien n'attend ici.
approvals-see-all = Voir toute la liste ({ $count })
approvals-partners = Partenaires
approvals-policy-requests = Demandes de politique
approvals-sbis = SBI
approvals-devices = Dispositifs
approvals-chips = Puces FTM
dashboard-approvals-pending = éléments en attente d'une décision
flash-sbi-created = Le SBI a été soumis. L'administrateur des partenaires décide.
flash-sbi-approve = Le SBI a été approuvé ; le fournisseur a été informé.
flash-sbi-reject = Le SBI a été rejeté ; le fournisseur lit le motif.
flash-sbi-deactivate = Le SBI a été désactivé, et ses dispositifs avec lui.
flash-device-added = Le dispositif a été soumis. L'administrateur des partenaires décide.
flash-device-approve = Le dispositif a été approuvé ; le fournisseur a été informé.
flash-device-reject = Le dispositif a été rejeté ; le fournisseur lit le motif.
flash-device-deactivate = Le dispositif a été désactivé.
flash-chip-created = La puce a été ajoutée. Déposez maintenant son certificat.
flash-chip-certificate-uploaded = Le certificat de la puce a été accepté et signé par la plateforme. L'administrateur des partenaires décide.
flash-chip-approve = La puce FTM a été approuvée ; le fournisseur a été informé.
flash-chip-reject = La puce FTM a été rejetée ; le fournisseur lit le motif.
flash-chip-deactivate = La puce FTM a été désactivée.
error-PMS_AUT_512 = Ce partenaire a déjà un SBI de cette version.
error-PMS_AUT_514 = La date de création ne peut pas être dans le futur.
error-PMS_AUT_508 = La date d'expiration doit être postérieure à aujourd'hui.
error-PMS_AUT_003 = Cette marque et ce modèle de dispositif sont déjà enregistrés.
error-PMP_AUT_032 = Cette marque et ce modèle de puce sont déjà enregistrés.
error-PMS_DEVICE_ERROR_019 = Ce SBI appartient à un autre partenaire.
error-PMS_DEVICE_ERROR_016 = Ce dispositif appartient à un autre partenaire.
error-PMS_FTM_ERROR_006 = Cette puce FTM appartient à un autre partenaire.

## OIDC clients and MISP licences

nav-oidc-clients = Clients OIDC
nav-misp-licences = Licences MISP
card-auth-services-text = Enregistrez les clients OIDC qui connectent les résidents via eSignet.
card-misp-text = Obtenez la clé de licence qu'ID Authentication vérifie sur vos requêtes.
clients-title = Clients OIDC
client-new = Nouveau client OIDC
client-new-intro = Le client est enregistré pour une de vos politiques Auth approuvées ; ses claims et méthodes d'authentification découlent de cette politique.
clients-no-grant = Un client exige une politique Auth approuvée.
clients-empty-hint = Créez-en un pour une politique Auth approuvée.
client-edit = Modifier le client OIDC
client-submit = Créer le client
client-page-title = Client OIDC
client-status-ACTIVE = Actif
client-status-INACTIVE = Inactif
client-id-copy = Copier
client-id-copied = Identifiant du client copié.
client-key-hint = La clé publique du client en JWK (RSA, EC P-256 ou P-384, ou Ed25519), par exemple {"{"}"kty": "RSA", "n": "…", "e": "AQAB"{"}"}. L'identifiant du client en est dérivé.
client-redirect-hint = Une à cinq URI, une par ligne.
client-not-active = Ce client est déjà inactif.
client-deactivate-title = Désactiver le client OIDC
client-deactivate-message = { $name } ne connectera plus personne. Cette action est définitive.
field-client-name = Nom du client
field-client-id = Identifiant du client
field-auth-policy = Politique Auth
field-public-key = Clé publique (JWK)
field-logo-uri = URL du logo
field-redirect-uris = URI de redirection
field-grant-type = Type d'autorisation
field-auth-method = Authentification du client
field-claims = Claims
field-acrs = Références de contexte d'authentification
flash-client-created = Le client OIDC a été créé.
flash-client-updated = Le client OIDC a été modifié.
flash-client-deactivated = Le client OIDC a été désactivé.
licences-title = Licences MISP
licences-intro = ID Authentication n'accepte les requêtes transmises par un MISP qu'avec une clé de licence valide.
licence-generate = Générer la licence de { $name }
licence-reveal = Afficher la clé
licence-key-title = Clé de licence
licence-key-warning = Gardez cette clé secrète : quiconque la détient peut transmettre des requêtes au nom de ce MISP.
licence-key-label = Clé de licence de { $name }
licence-state-active = Active
licence-state-expired = Expirée
licence-state-deactivated = Désactivée
licence-already = La licence est déjà dans cet état.
licence-activate-title = Activer la licence
licence-activate-message = La licence de { $name } sera de nouveau acceptée.
licence-deactivate-title = Désactiver la licence
licence-deactivate-message = Les requêtes portant la licence de { $name } seront refusées.
field-licence-key = Clé de licence
flash-licence-activated = La licence a été activée.
flash-licence-deactivated = La licence a été désactivée.
error-PMS_ESI_001 = Un client avec cette clé publique est déjà enregistré.
error-PMS_ESI_002 = La demande pour cette politique n'est pas encore approuvée.
error-PMS_ESI_003 = Cette politique a des types d'authentification obligatoires ; aucun client ne peut être créé pour elle.
error-PMS_ESI_005 = Aucun claim d'eSignet ne correspond aux attributs KYC de cette politique.
error-PMS_ESI_006 = Aucun contexte d'authentification d'eSignet ne correspond aux types d'authentification de cette politique.
error-PMS_ESI_007 = La clé publique n'est pas un JWK utilisable (RSA de 2048 bits ou plus, EC P-256 ou P-384, ou Ed25519).
error-PMS_ESI_008 = Ce client est déjà inactif.
error-PMS_OIDC_001 = eSignet est injoignable ; rien n'a été modifié. Réessayez plus tard.
error-PMS_MSP_416 = Ce MISP détient déjà une licence.
error-invalid_redirect_uri = Chaque URI de redirection doit être une URI absolue sans fragment.
error-invalid_grant_type = Ce type d'autorisation n'est pas proposé.
error-invalid_client_auth = Cette méthode d'authentification du client n'est pas proposée.

# Login through an external OpenID provider
audit-action-user-provision = Utilisateur créé depuis le fournisseur d'identité
audit-action-user-roles-sync = Rôles repris du fournisseur d'identité
audit-do-user-provision = { $entity } s'est connecté pour la première fois par le fournisseur d'identité
audit-do-user-roles-sync = Le fournisseur d'identité a changé les rôles de { $entity }
login-external = Se connecter avec { $name }
login-or = ou
audit-action-oidc-initial-token-issue = Jeton d'accès initial émis
audit-do-oidc-initial-token-issue = { $actor } a émis le jeton d'accès initial { $entity } pour enregistrer un client

# RFC 7591 initial access tokens
registration-token-title = Jeton d'enregistrement de client
registration-token-intro = Permet aux outils de ce partenaire d'enregistrer un client OIDC (RFC 7591) sans connexion d'un utilisateur. Il n'est affiché qu'une fois et sert à un seul enregistrement.
field-validity-days = Valable (jours)
registration-token-issue = Émettre un jeton d'enregistrement
registration-token-issued-title = Jeton d'enregistrement émis
registration-token-label = Jeton d'enregistrement pour { $partner }
registration-token-endpoint = Point d'enregistrement
registration-token-use = Transmettez-le au partenaire par un canal sûr : son outil l'envoie comme jeton porteur d'un POST au point d'enregistrement.
registration-token-days-invalid = Choisissez entre 1 et 90 jours.
error-PMS_USR_008 = Cet utilisateur se connecte par le fournisseur d'identité ; PMS ne garde pas de mot de passe pour lui.
error-PMS_AUTH_003 = Les mots de passe ne sont pas acceptés ici ; connectez-vous par le fournisseur d'identité.
error-PMS_AUTH_005 = Un utilisateur local porte déjà le nom donné par le fournisseur d'identité ; un administrateur doit les relier.
