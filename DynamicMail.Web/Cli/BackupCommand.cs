using System.Net.Http.Json;

namespace DynamicMail.Web.Cli;

/// <summary>
/// <c>dotnet DynamicMail.Web.dll backup &lt;folder&gt; [--url http://127.0.0.1:5080]</c>: asks the running service
/// (which holds the store open) for an online backup through <c>POST /api/v1/backup</c>, with the API key from
/// <c>DYNAMICMAIL_API_KEY</c>. The service writes the folder, so it must be writable by the service's user.
/// </summary>
internal static class BackupCommand
{
    public const string KeyVariable = "DYNAMICMAIL_API_KEY";

    public static bool Matches(string[] args) => args is ["backup", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, Func<string, string?> environment)
    {
        if (args is not ["backup", var folder, .. var rest] || rest is not ([] or ["--url", _]))
        {
            await output.WriteLineAsync("usage: dotnet DynamicMail.Web.dll backup <folder> [--url http://127.0.0.1:5080]  (API key in DYNAMICMAIL_API_KEY)");
            return 2;
        }
        if (environment(KeyVariable) is not { Length: > 0 } key)
        {
            await output.WriteLineAsync($"backup: set {KeyVariable} to an API key from /admin/access");
            return 2;
        }
        using var http = new HttpClient { BaseAddress = new Uri(rest is [_, var url] ? url : DefaultUrl(environment)), Timeout = TimeSpan.FromHours(1) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        try
        {
            using var response = await http.PostAsJsonAsync("/api/v1/backup", new { folder = Path.GetFullPath(folder) });
            await output.WriteLineAsync(await response.Content.ReadAsStringAsync());
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException ex)
        {
            await output.WriteLineAsync($"backup: the service at {http.BaseAddress} does not answer: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The service's first URL from ASPNETCORE_URLS, on loopback; else the default web port.</summary>
    private static string DefaultUrl(Func<string, string?> environment)
    {
        var first = environment("ASPNETCORE_URLS")?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null)
        {
            return "http://127.0.0.1:5080";
        }
        return first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
    }
}
