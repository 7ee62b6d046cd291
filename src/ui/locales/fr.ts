/** French UI strings: one line per key, in the key order of ./en.ts. */
export default `Ouvrir le chat
Fermer le chat
{n} non lus
Discutons
En ligne
Absents
Message
Écrivez un message…
Envoyer
Vous
Support
Envoi…
Envoyé
Distribué
Lu
Non envoyé
Réessayer
modifié
Supprimé
{name} écrit…
Nouveaux messages
Messages précédents
Connexion…
Reconnexion…
Hors ligne
Chat indisponible
Chat terminé
Nouveau chat
Répondre
Modifier
Supprimer
Annuler
Réponse à {name}
Notez ce chat
{n} sur 5
Commentaire (facultatif)
Merci pour votre avis
{name} a rejoint le chat
{name} a quitté le chat
Transféré à {name}`;
