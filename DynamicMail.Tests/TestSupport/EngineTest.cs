namespace DynamicMail.Tests.TestSupport;

/// <summary>What every engine scenario starts from: a data folder of its own and the real engine on loopback port 0.</summary>
public abstract class EngineTest : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();
    protected EngineHost Engine { get; private set; } = null!;

    /// <summary>Settings on top of <see cref="EngineHost.Settings"/>.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async ValueTask InitializeAsync() => Engine = await EngineHost.StartAsync(Dir.Path, Settings);

    /// <summary>Stops the engine and starts it again on the same folder, as after a restart of the service.</summary>
    protected async Task RestartAsync(IDictionary<string, string?>? settings = null)
    {
        await Engine.DisposeAsync();
        Engine = await EngineHost.StartAsync(Dir.Path, settings);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
