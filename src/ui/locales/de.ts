/** German UI strings: one line per key, in the key order of ./en.ts. */
export default `Chat öffnen
Chat schließen
{n} ungelesen
Schreiben Sie uns
Online
Abwesend
Nachricht
Nachricht schreiben…
Senden
Sie
Support
Wird gesendet…
Gesendet
Zugestellt
Gelesen
Nicht gesendet
Wiederholen
bearbeitet
Gelöscht
{name} schreibt…
Neue Nachrichten
Ältere Nachrichten
Verbinden…
Neu verbinden…
Offline
Chat nicht verfügbar
Chat beendet
Neuer Chat
Antworten
Bearbeiten
Löschen
Abbrechen
Antwort an {name}
Chat bewerten
{n} von 5
Kommentar (optional)
Danke für Ihr Feedback
{name} ist dem Chat beigetreten
{name} hat den Chat verlassen
Weitergeleitet an {name}`;
