/** Spanish UI strings: one line per key, in the key order of ./en.ts. */
export default `Abrir chat
Cerrar chat
{n} sin leer
Hablemos
En línea
Ausentes
Mensaje
Escribe un mensaje…
Enviar
Tú
Soporte
Enviando…
Enviado
Entregado
Leído
No enviado
Reintentar
editado
Eliminado
{name} escribe…
Mensajes nuevos
Mensajes anteriores
Conectando…
Reconectando…
Sin conexión
Chat no disponible
Chat terminado
Nuevo chat
Responder
Editar
Eliminar
Cancelar
Respuesta a {name}
Valora el chat
{n} de 5
Comentario (opcional)
Gracias por tu opinión
{name} se unió al chat
{name} salió del chat
Transferido a {name}`;
