using DynamicMail.Smtp.Operators;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// One whole host with an operator's API key, shared by the tests of one class (<c>IClassFixture</c>): starting a
/// host per test was most of an API test's cost. Tests sharing it keep to their own messages (by id or by a sender
/// of their own) and compare the audit log before and after rather than expecting it empty.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public WebAppHost App { get; private set; } = null!;

    /// <summary>Sends with the operator's API key.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = new WebAppHost(_dir.Path, deliveryPort: 2525);
        Client = FormLogin.NewClient(App.BaseUrl);
        var (_, key) = await App.Services.GetRequiredService<IApiKeys>().CreateAsync("tests", EngineHost.OperatorName);
        Client.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}
