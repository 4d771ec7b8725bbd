using DynamicMail.Smtp.Delivery;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// The real sender, except that a message containing <see cref="Marker"/> makes it throw an unexpected exception
/// before anything is sent, on every attempt (a message that trips a bug of ours).
/// </summary>
internal sealed class ThrowingMailSender(IMailSender inner) : IMailSender
{
    public const string Marker = "Subject: poison";
    private int _throws;

    /// <summary>Times the poison message was attempted.</summary>
    public int Throws => Volatile.Read(ref _throws);

    public async Task<IMailConnection> ConnectAsync(DeliveryTarget target, CancellationToken cancellationToken) =>
        new Connection(this, await inner.ConnectAsync(target, cancellationToken));

    private sealed class Connection(ThrowingMailSender owner, IMailConnection inner) : IMailConnection
    {
        public TlsState Tls => inner.Tls;

        public bool IsConnected => inner.IsConnected;

        public IReadOnlyList<string> ServerNames => inner.ServerNames;

        public async Task<TransactionResult> SendAsync(string sender, IReadOnlyList<string> recipients, Stream content, CancellationToken cancellationToken)
        {
            var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            if (System.Text.Encoding.ASCII.GetString(copy.ToArray()).Contains(Marker, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner._throws);
                throw new InvalidOperationException("test: a bug trips over this message");
            }
            copy.Position = 0;
            return await inner.SendAsync(sender, recipients, copy, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
