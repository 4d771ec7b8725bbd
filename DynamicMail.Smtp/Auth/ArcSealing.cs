using System.Text;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// DynamicMail's ARC set for a queued message, made after the door: two RSA signatures cost more CPU than everything
/// else ingest does, so they are not made while a sender waits for its 250. <see cref="ArcSealWorker"/> seals queued
/// messages in the background at the lowest CPU priority and the store keeps the set in front of the content; a
/// message that reaches delivery unsealed is sealed then (<see cref="ForDeliveryAsync"/>). The ARC-Authentication-Results
/// carry the verdict made at the door (<see cref="QueuedMessage.Auth"/>).
/// </summary>
internal sealed class ArcSealing
{
    /// <summary>Stored content always starts with DynamicMail's own Received:, so a stored ARC set is the first field.</summary>
    private static readonly byte[] SealField = "ARC-Seal:"u8.ToArray();

    private readonly ArcKeys _keys;
    private readonly string _hostname;
    private readonly Lazy<ArcSealer> _sealer;
    private readonly Telemetry.MailMetrics _metrics;

    public ArcSealing(ArcKeys keys, IOptions<SmtpOptions> smtp, TimeProvider time, Telemetry.MailMetrics metrics)
    {
        _keys = keys;
        _metrics = metrics;
        _hostname = smtp.Value.EffectiveHostname;
        _sealer = new Lazy<ArcSealer>(() => new ArcSealer(keys.Current, time));
    }

    public bool Enabled => _keys.Sealing;

    /// <summary>Counts seals made in the background that the store kept.</summary>
    public void CountStored(int count) => _metrics.Sealed.Add(count, new KeyValuePair<string, object?>("when", "queued"));

    /// <summary>Whether the message should carry DynamicMail's seal: sealing is on and the door gave it a verdict.</summary>
    public bool Wanted(QueuedMessage message) => Enabled && message.Auth is not null;

    /// <summary>Whether <paramref name="content"/> (as the store returns it) already starts with the stored ARC set.</summary>
    public static bool IsSealed(ReadOnlySpan<byte> content) => content.StartsWith(SealField);

    /// <summary>
    /// The ARC set for the message (header fields, each ending in CRLF), to go in front of its stored content; null
    /// when it cannot be sealed (no From:, or a chain that already failed).
    /// </summary>
    public byte[]? Seal(QueuedMessage message, Stream content, CancellationToken cancellationToken)
    {
        var mime = new MimeParser(content, persistent: false).ParseMessage(cancellationToken);
        var results = AuthenticationResults.Parse(Encoding.UTF8.GetBytes($"{_hostname}; {message.Auth}"));
        var added = _sealer.Value.Seal(mime, results, cancellationToken);
        if (added == 0)
        {
            return null;
        }
        var set = new HeaderList();
        for (var i = 0; i < added; i++)
        {
            set.Add(mime.Headers[i]);
        }
        using var bytes = new MemoryStream();
        set.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes, cancellationToken);
        var length = (int)bytes.Length;
        var blank = length >= 4 && bytes.GetBuffer().AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8);
        return bytes.GetBuffer().AsSpan(0, blank ? length - 2 : length).ToArray(); // without the empty line that ends a header block
    }

    /// <summary>The content to send: as stored when it is sealed already or needs no seal; otherwise sealed now.</summary>
    public async Task<Stream> ForDeliveryAsync(QueuedMessage message, Stream stored, CancellationToken cancellationToken)
    {
        if (!Wanted(message) || !stored.CanSeek)
        {
            return stored;
        }
        var first = new byte[SealField.Length];
        var read = await stored.ReadAtLeastAsync(first, first.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        stored.Position = 0;
        if (IsSealed(first.AsSpan(0, read)))
        {
            return stored;
        }
        byte[]? seal;
        try
        {
            seal = Seal(message, stored, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or ParseException or ArgumentException or InvalidOperationException)
        {
            seal = null; // what MimeKit cannot seal still goes out, with the door's Authentication-Results
        }
        stored.Position = 0;
        if (seal is null)
        {
            return stored;
        }
        _metrics.Sealed.Add(1, new KeyValuePair<string, object?>("when", "delivery"));
        if (stored is MemoryStream memory)
        {
            var whole = new byte[seal.Length + memory.Length];
            seal.CopyTo(whole, 0);
            memory.ReadExactly(whole, seal.Length, (int)memory.Length);
            await stored.DisposeAsync().ConfigureAwait(false);
            return new MemoryStream(whole, writable: false);
        }
        return new PrefixedStream(seal, stored);
    }
}
