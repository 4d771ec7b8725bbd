using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace DynamicMail.Bench;

/// <summary>
/// The DNS of every benchmark run (ARSoft.Tools.Net's server on loopback UDP <see cref="Settings.DnsPort"/>): the
/// service's one resolver setting points here, so no lookup leaves the machine. It publishes the sender domain of the
/// sender-authentication scenario (SPF, DKIM key, DMARC p=reject); every other name does not exist.
/// </summary>
internal sealed class BenchDns : IDisposable
{
    public const string SenderDomain = "sender.bench.example";
    public const string Selector = "bench";
    private readonly DnsServer _server;
    private readonly Dictionary<string, string> _txt = new(StringComparer.OrdinalIgnoreCase);

    public BenchDns(string dkimPublicKey)
    {
        _txt[SenderDomain] = "v=spf1 ip4:127.0.0.0/8 -all";
        _txt[$"{Selector}._domainkey.{SenderDomain}"] = "v=DKIM1; k=rsa; p=" + dkimPublicKey;
        _txt["_dmarc." + SenderDomain] = "v=DMARC1; p=reject";
        _server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, Settings.DnsPort)));
        _server.QueryReceived += (_, e) =>
        {
            if (e.Query is DnsMessage query)
            {
                e.Response = Answer(query);
            }
            return Task.CompletedTask;
        };
        _server.Start();
    }

    private DnsMessage Answer(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.ReturnCode = ReturnCode.NxDomain;
        foreach (var question in query.Questions)
        {
            var name = question.Name.ToString().TrimEnd('.');
            if (_txt.TryGetValue(name, out var text))
            {
                response.ReturnCode = ReturnCode.NoError;
                if (question.RecordType == RecordType.Txt)
                {
                    response.AnswerRecords.Add(new TxtRecord(question.Name, 3600, Split(text)));
                }
            }
        }
        return response;
    }

    private static IEnumerable<string> Split(string text) => text.Chunk(255).Select(c => new string(c));

    public void Dispose() => _server.Stop();
}
