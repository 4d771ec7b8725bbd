using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DynamicMail.Web.Presence;

/// <summary>
/// The Blazor circuit's SignalR connection is the presence signal: a circuit outlives a dropped connection for
/// minutes, so only "connection up" counts. The address is taken from the connection's own HTTP request
/// (after forwarded-header processing for configured proxies only).
/// </summary>
internal sealed class PresenceCircuitHandler(CircuitPresence presence, IHttpContextAccessor http) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.ConnectionUp(http.HttpContext?.Connection.RemoteIpAddress);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.ConnectionDown();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.Detach();
        return Task.CompletedTask;
    }
}
