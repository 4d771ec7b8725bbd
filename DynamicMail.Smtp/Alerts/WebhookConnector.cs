using System.Net;
using System.Net.Sockets;
using DynamicMail.Smtp.Delivery;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// Opens webhook connections itself: resolves the name, refuses internal addresses (unless allowed) and connects to
/// the very address it checked, so a name that resolves to a public address for the check and to a private one for
/// the connection (DNS rebinding) gets nowhere.
/// </summary>
internal static class WebhookConnector
{
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(target.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(target.Host, cancellationToken).ConfigureAwait(false);
        var usable = addresses.Where(a => allowPrivate || !TargetPolicy.IsPrivate(a)).ToList();
        if (usable.Count == 0)
        {
            throw new HttpRequestException($"{target.Host} has no public address: webhooks are not sent to internal networks.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable.ToArray(), target.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
