using SmtpServer;
using SmtpServer.Protocol;

namespace DynamicMail.Smtp.Ingest;

/// <summary>EHLO advertises exactly what DynamicMail implements: no SMTPUTF8, no AUTH, no STARTTLS without a certificate.</summary>
internal sealed class DynamicMailCommandFactory(SmtpOptions options) : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new Ehlo(domainOrAddress, options);

    public override SmtpCommand CreateHelo(string domainOrAddress) => new Helo(domainOrAddress);

    private sealed class Ehlo(string domainOrAddress, SmtpOptions options) : EhloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) => $"{context.ServerOptions.ServerName} Hello {DomainOrAddress}";

        protected override IEnumerable<string> GetExtensions(ISessionContext context)
        {
            yield return "PIPELINING";
            yield return "8BITMIME";
            yield return "ENHANCEDSTATUSCODES";
            yield return $"SIZE {options.MaxMessageSize}";
            if (options.Tls.Enabled && !context.Pipe.IsSecure)
            {
                yield return "STARTTLS";
            }
        }
    }

    private sealed class Helo(string domainOrAddress) : HeloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) => $"{context.ServerOptions.ServerName} Hello {DomainOrAddress}";
    }
}
