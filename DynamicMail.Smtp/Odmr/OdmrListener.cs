using System.Net;
using System.Net.Sockets;
using DynamicMail.Smtp.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Odmr;

/// <summary>The ODMR port: a plain socket server of its own (the SMTP library cannot add ATRN).</summary>
internal sealed class OdmrListener(IOptions<OdmrOptions> options, OdmrServices services, ILogger<OdmrListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConnectionLimit _limit = new(options.Value.MaxConnections, options.Value.MaxConnections);
    private readonly HashSet<Task> _sessions = [];

    /// <summary>The endpoint ODMR listens on, once bound (port 0 resolved).</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }
        var listener = new TcpListener(new IPEndPoint(IPAddress.Parse(o.BindAddress), o.Port));
        listener.Start(backlog: 128);
        _bound.TrySetResult((IPEndPoint)listener.LocalEndpoint);
        logger.LogInformation("ODMR listening on {Endpoint}", listener.LocalEndpoint);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                Track(RunAsync(client, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Stop();
            Task[] open;
            lock (_sessions) { open = [.. _sessions]; }
            await Task.WhenAll(open).ConfigureAwait(false);
        }
    }

    private void Track(Task session)
    {
        lock (_sessions) { _sessions.Add(session); }
        _ = session.ContinueWith(t => { lock (_sessions) { _sessions.Remove(t); } }, TaskScheduler.Default);
    }

    private async Task RunAsync(TcpClient client, CancellationToken stoppingToken)
    {
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        using (client)
        {
            if (!_limit.TryEnter(remote.Address))
            {
                await RefuseAsync(client).ConfigureAwait(false);
                return;
            }
            client.NoDelay = true;
            using var scope = logger.BeginScope("ODMR {Client}", remote);
            try
            {
                await new OdmrSession(services, client.GetStream(), remote.Address).RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                logger.LogInformation("ODMR session from {Client} ended: {Reason}", remote, ex.Message);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "ODMR session from {Client} failed", remote);
            }
            finally
            {
                _limit.Leave(remote.Address);
            }
        }
    }

    private static async Task RefuseAsync(TcpClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.GetStream().WriteAsync("421 4.7.0 Too many connections, try again later\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
        }
    }
}
