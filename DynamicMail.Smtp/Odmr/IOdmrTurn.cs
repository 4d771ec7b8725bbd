using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Odmr;

/// <summary>After ATRN's 250 the roles reverse: DynamicMail delivers the domain's queue over the same connection.</summary>
internal interface IOdmrTurn
{
    Task RunAsync(CustomerDomain domain, Stream connection, string client, CancellationToken cancellationToken);
}
