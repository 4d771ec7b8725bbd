using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Odmr;

/// <summary>What every ODMR session uses.</summary>
internal sealed class OdmrServices(
    IOptions<OdmrOptions> options, IOptions<SmtpOptions> smtp, IDomainDirectory domains, IMailQueue queue,
    OdmrAuthenticator authenticator, IOdmrTurn turn, IAuthThrottle throttle, SmtpCertificates certificates,
    TimeProvider time, Telemetry.MailMetrics metrics)
{
    public Telemetry.MailMetrics Metrics => metrics;

    public OdmrOptions Options => options.Value;
    public string Hostname => smtp.Value.EffectiveHostname;
    public IDomainDirectory Domains => domains;
    public IMailQueue Queue => queue;
    public OdmrAuthenticator Authenticator => authenticator;
    public IOdmrTurn Turn => turn;
    public IAuthThrottle Throttle => throttle;
    public TimeProvider Time => time;

    /// <summary>The MX's STARTTLS certificate, or null when TLS is off.</summary>
    public SmtpCertificates? Certificates => smtp.Value.Tls.Enabled ? certificates : null;
}
