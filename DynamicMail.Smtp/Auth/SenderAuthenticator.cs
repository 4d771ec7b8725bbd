using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.InteropServices;
using ARSoft.Tools.Net.Dns;
using DynamicMail.Smtp.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// Runs the checks of issue #13 at the door: blocklists and SPF at MAIL FROM (SPF runs on while the data arrives),
/// then DKIM, ARC and DMARC on the message parsed once, and builds what is added on top: Authentication-Results and
/// DynamicMail's ARC set. A DNS failure is a temperror result, never a lost message.
/// </summary>
internal sealed class SenderAuthenticator : ISenderAuthentication
{
    private readonly AuthOptions _options;
    private readonly string _hostname;
    private readonly CachingResolver _dns;
    private readonly SpfCheck _spf;
    private readonly DnsblCheck _dnsbl;
    private readonly DkimCheck _dkim;
    private readonly ArcCheck _arc;
    private readonly DmarcCheck _dmarc;
    private readonly ILogger<SenderAuthenticator> _logger;

    public SenderAuthenticator(IOptions<AuthOptions> auth, IOptions<SmtpOptions> smtp, CachingResolver dns,
        ILogger<SenderAuthenticator> logger)
    {
        _options = auth.Value;
        _hostname = smtp.Value.EffectiveHostname;
        _dns = dns;
        _logger = logger;
        var locator = new DkimKeyLocator(dns);
        _spf = new SpfCheck(dns, _hostname);
        _dnsbl = new DnsblCheck(dns, _options.Dnsbl);
        _dkim = new DkimCheck(locator);
        _arc = new ArcCheck(locator);
        var suffixes = new Lazy<PublicSuffixList>(LoadSuffixes);
        _dmarc = new DmarcCheck(dns, () => suffixes.Value);
    }

    public bool Enabled => _options.Enabled;

    public async Task<SenderCheck> AtMailFromAsync(IPAddress? client, string? helo, string sender, CancellationToken cancellationToken)
    {
        if (client is null)
        {
            return new SenderCheck(null, Task.FromResult(SpfResult.None(sender.Length > 0 ? "mailfrom" : "helo", sender)));
        }
        var spf = SpfAsync(client, helo, sender);
        var blocked = await _dnsbl.ListingZoneAsync(client, cancellationToken).ConfigureAwait(false);
        return new SenderCheck(blocked, spf);
    }

    public async Task<MessageAuthentication> AtEndOfDataAsync(SenderCheck sender, ReadOnlySequence<byte> raw, CancellationToken cancellationToken)
    {
        var message = await ParseAsync(raw, cancellationToken).ConfigureAwait(false);
        var fromDomain = message.From.Mailboxes.Count() == 1 ? message.From.Mailboxes.First().Domain?.ToLowerInvariant() : null;
        if (!string.IsNullOrEmpty(fromDomain))
        {
            _ = _dns.QueryAsync("_dmarc." + fromDomain, RecordType.Txt, CancellationToken.None); // warms the cache meanwhile
        }
        var dkim = await _dkim.CheckAsync(message, cancellationToken).ConfigureAwait(false);
        var arc = await _arc.CheckAsync(message, cancellationToken).ConfigureAwait(false);
        var spf = await sender.Spf.WaitAsync(cancellationToken).ConfigureAwait(false);
        var dmarc = await _dmarc.CheckAsync(fromDomain, spf, dkim, cancellationToken).ConfigureAwait(false);
        var verdict = new AuthVerdict(spf, dkim, dmarc, arc);
        var summary = verdict.Summary();
        if (_options.DmarcReject && dmarc.Rejects)
        {
            return new MessageAuthentication(verdict, summary, true, [], []);
        }
        var cut = ForgedResults.Remove(message, _hostname);
        return new MessageAuthentication(verdict, summary, false, Stamp(summary), cut);
    }

    /// <summary>The Authentication-Results field (DynamicMail's ARC set is made after the door: see <see cref="ArcSealing"/>).</summary>
    private byte[] Stamp(string summary)
    {
        var stamp = new HeaderList { new Header(HeaderId.AuthenticationResults, $"{_hostname}; {summary}") };
        using var bytes = new MemoryStream();
        stamp.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes);
        var length = (int)bytes.Length;
        var blank = length >= 4 && bytes.GetBuffer().AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8);
        return bytes.GetBuffer().AsSpan(0, blank ? length - 2 : length).ToArray(); // without the empty line that ends a header block
    }

    private async Task<SpfResult> SpfAsync(IPAddress client, string? helo, string sender)
    {
        try
        {
            return await _spf.CheckAsync(client, helo, sender, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "SPF check of <{Sender}> from {Client} failed", sender, client);
            return new SpfResult("temperror", null, sender.Length > 0 ? "mailfrom" : "helo", sender.Length > 0 ? sender : helo);
        }
    }

    private static async Task<MimeMessage> ParseAsync(ReadOnlySequence<byte> raw, CancellationToken cancellationToken)
    {
        if (raw.IsSingleSegment && MemoryMarshal.TryGetArray(raw.First, out var segment))
        {
            using var memory = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
            return await new MimeParser(memory, persistent: false).ParseMessageAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var stream = PipeReader.Create(raw).AsStream();
        return await new MimeParser(stream, persistent: false).ParseMessageAsync(cancellationToken).ConfigureAwait(false);
    }

    private PublicSuffixList LoadSuffixes()
    {
        var list = PublicSuffixList.Load(_options.PublicSuffixList);
        if (!list.Loaded)
        {
            _logger.LogWarning("Public Suffix List {Path} not found: DMARC takes the last two labels as the organisational domain "
                + "(install Debian's publicsuffix package or set DynamicMail:Auth:PublicSuffixList)", _options.PublicSuffixList);
        }
        return list;
    }
}
