namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// What every browser scenario starts from: a data folder, a scripted SMTP sink as the customers' server, the whole
/// app on a real loopback port, and Chromium. One class per scenario derives from it.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();
    protected ScriptedSmtpServer Sink { get; } = new();
    protected WebAppHost App { get; private set; } = null!;
    protected Browser Browser { get; private set; } = null!;

    /// <summary>Settings added to the host's defaults (see <see cref="EngineHost.Settings"/>).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async ValueTask InitializeAsync()
    {
        App = new WebAppHost(Dir.Path, Sink.Port, Settings);
        Browser = await TestSupport.Browser.StartAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
        await Sink.DisposeAsync();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
