using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// POSTs alerts to webhooks: a few calls at a time, each retried (waits from <see cref="AlertOptions.WebhookRetryDelay"/>,
/// doubling) after a network error, a 5xx or a 429; redirects are not followed; the outcome is noted on the alert.
/// </summary>
internal sealed class WebhookSender(IAlertStore store, IOptions<AlertOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
    : BackgroundService
{
    private const int Parallel = 4;
    private readonly Channel<WebhookCall> _calls = Channel.CreateBounded<WebhookCall>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(WebhookCall call) => _calls.Writer.TryWrite(call);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, ct) => WebhookConnector.ConnectAsync(context.DnsEndPoint, o.AllowPrivateWebhooks, ct),
        };
        using var client = new HttpClient(handler) { Timeout = o.WebhookTimeout };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("DynamicMail", "1"));
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => ReadAsync(client, stoppingToken))).ConfigureAwait(false);
    }

    private async Task ReadAsync(HttpClient client, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var call in _calls.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var result = await DeliverAsync(client, call, stoppingToken).ConfigureAwait(false);
                try
                {
                    await store.NoteWebhookAsync(call.Alert.Domain, call.Alert.Id, result).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Noting the webhook result of alert {AlertId} failed", call.Alert.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Tries the call until it is answered 2xx, refused for good, or out of attempts; the outcome in words.</summary>
    private async Task<string> DeliverAsync(HttpClient client, WebhookCall call, CancellationToken stoppingToken)
    {
        var o = options.Value;
        var body = WebhookPayload.Body(call.Alert);
        var signature = WebhookPayload.Signature(body, call.Secret);
        var last = "";
        for (var attempt = 1; attempt <= o.WebhookAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(o.WebhookRetryDelay * Math.Pow(2, attempt - 2), time, stoppingToken).ConfigureAwait(false);
            }
            var (status, text) = await PostAsync(client, call.Url, body, signature, stoppingToken).ConfigureAwait(false);
            if (status is >= 200 and < 300)
            {
                return $"delivered ({text}) after {attempt} attempt{(attempt == 1 ? "" : "s")}";
            }
            last = text;
            logger.LogWarning("Webhook call for alert {AlertId} of {Domain}, attempt {Attempt}: {Result}", call.Alert.Id, call.Alert.Domain, attempt, text);
            if (status is >= 400 and < 500 and not 408 and not 429)
            {
                return $"refused: {text}";
            }
        }
        return $"failed after {o.WebhookAttempts} attempts: {last}";
    }

    private static async Task<(int Status, string Text)> PostAsync(HttpClient client, string url, byte[] body, string signature, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookPayload.SignatureHeader, signature);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            return ((int)response.StatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException
            || (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested))
        {
            return (0, ex is OperationCanceledException ? "no answer in time" : $"cannot connect: {ex.Message}");
        }
    }
}
