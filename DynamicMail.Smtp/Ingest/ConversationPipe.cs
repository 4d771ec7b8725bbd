using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.IO;

namespace DynamicMail.Smtp.Ingest;

/// <summary>The library's duplex pipe, over <see cref="SmtpConversationStream"/>; on STARTTLS the TLS layer goes under it.</summary>
internal sealed class ConversationPipe : ISecurableDuplexPipe
{
    /// <summary>16 KB segments (the default is 4 KB): a 100 KB message takes 7 reads, not 25, and the library scans for its end fewer times.</summary>
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 16 * 1024, minimumReadSize: 2048);
    private readonly Stream _network;
    private readonly SmtpOptions _options;
    private readonly Action _onDispose;
    private SslStream? _tls;
    private int _disposed;

    public ConversationPipe(Stream network, SmtpOptions options, Action onDispose)
    {
        _network = network;
        _options = options;
        _onDispose = onDispose;
        Conversation = new SmtpConversationStream(network, options);
        Input = PipeReader.Create(Conversation, ReaderOptions);
        Output = PipeWriter.Create(Conversation);
    }

    public SmtpConversationStream Conversation { get; private set; }
    public PipeReader Input { get; private set; }
    public PipeWriter Output { get; private set; }
    public bool IsSecure => _tls is not null;
    public SslProtocols SslProtocol => _tls?.SslProtocol ?? SslProtocols.None;

    /// <summary>"TLSv1.3 with cipher TLS_AES_256_GCM_SHA384", as Postfix writes it; null in clear.</summary>
    public string? TlsDescription => _tls is null ? null : $"{ProtocolName(_tls.SslProtocol)} with cipher {_tls.NegotiatedCipherSuite}";

    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };

    public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
    {
        var tls = new SslStream(_network, leaveInnerStreamOpen: true);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            EnabledSslProtocols = protocols,
        }, cancellationToken).ConfigureAwait(false);
        _tls = tls;
        Conversation = new SmtpConversationStream(tls, _options);
        Input = PipeReader.Create(Conversation, ReaderOptions);
        Output = PipeWriter.Create(Conversation);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _tls?.Dispose();
        _onDispose();
    }
}
