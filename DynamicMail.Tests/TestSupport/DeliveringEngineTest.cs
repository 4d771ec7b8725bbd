using System.Globalization;

namespace DynamicMail.Tests.TestSupport;

/// <summary>An engine whose first domain (xyz.com) delivers to a scripted SMTP sink on loopback.</summary>
public abstract class DeliveringEngineTest : EngineTest
{
    protected ScriptedSmtpServer Sink { get; } = new();

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["DynamicMail:Domains:0:DeliveryPort"] = Sink.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
