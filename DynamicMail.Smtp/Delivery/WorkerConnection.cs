namespace DynamicMail.Smtp.Delivery;

/// <summary>A delivery worker's one reused connection to the customer's server, opened when needed and checked against the domain's pin.</summary>
internal sealed class WorkerConnection(DeliveryContext ctx)
{
    private IMailConnection? _connection;

    /// <exception cref="SiteFaultException">The server cannot be reached, refuses, or shows a certificate other than the pinned one.</exception>
    public async Task<IMailConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsConnected: true })
        {
            return _connection;
        }
        await CloseAsync().ConfigureAwait(false);
        _connection = await ctx.Sender.ConnectAsync(ctx.Target, cancellationToken).ConfigureAwait(false);
        if (ctx.Domain.TlsFingerprint is { Length: > 0 } pin
            && !string.Equals(pin.Replace(":", "", StringComparison.Ordinal), _connection.Tls.Fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            var shown = _connection.Tls.Fingerprint ?? "no TLS";
            throw new SiteFaultException($"The TLS certificate of your mail server ({shown}) does not match the pinned fingerprint", refused: true)
            {
                Transcript = _connection.TakeTranscript(),
            };
        }
        if (ctx.Domain.ServerName is { Length: > 0 } name && _connection.ServerNames is var names
            && (names.Count == 0 || names.Any(n => !string.Equals(n, name, StringComparison.OrdinalIgnoreCase))))
        {
            var shown = names.Count == 0 ? "no name" : string.Join(" / ", names.Distinct());
            throw new SiteFaultException(
                $"The server at this address calls itself {shown}, not {name}: delivery is paused so your mail never goes to another machine", refused: true)
            {
                Transcript = _connection.TakeTranscript(),
            };
        }
        return _connection;
    }

    public async Task CloseAsync()
    {
        if (_connection is not null)
        {
            var closing = _connection;
            _connection = null;
            await closing.DisposeAsync().ConfigureAwait(false);
        }
    }
}
