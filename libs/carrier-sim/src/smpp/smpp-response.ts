import type { SmppPdu } from './smpp-module';

/**
 * The response to `request` with its mandatory body whatever the status. node-smpp sends only the 16-byte header
 * when command_status is not 0, so a rejected bind would lack its system_id and a refused submit its message_id
 * (C-Octet Strings, at least their NUL): strict clients such as Kannel then fail to parse the rejection.
 * generic_nack, unbind_resp and enquire_link_resp have no body and stay 16 bytes.
 */
export function smppResponse(
  request: SmppPdu,
  status: number,
  fields: Record<string, unknown> = {},
): SmppPdu {
  const response = request.response(fields);
  if (!status) return response;
  const encodeWithBody = response.toBuffer.bind(response);
  response.command_status = status;
  response.toBuffer = () => {
    response.command_status = 0;
    try {
      const buffer = encodeWithBody();
      buffer.writeUInt32BE(status >>> 0, 8);
      return buffer;
    } finally {
      response.command_status = status;
    }
  };
  return response;
}
