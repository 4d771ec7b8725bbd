using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Listens like the library's own listener, but hands out <see cref="ConversationPipe"/>s and reports the bound port.</summary>
internal sealed class ConversationListenerFactory(SmtpOptions options) : IEndpointListenerFactory
{
    public const string ConversationKey = "DynamicMail:Conversation";
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the bound endpoint once listening (port 0 resolved).</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start(backlog: 512);
        _bound.TrySetResult((IPEndPoint)listener.LocalEndpoint);
        return new Listener(listener, options);
    }

    private sealed class Listener(TcpListener listener, SmtpOptions options) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            client.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            var pipe = new ConversationPipe(client.GetStream(), options, client.Dispose);
            context.Properties[ConversationKey] = pipe;
            return pipe;
        }

        public void Dispose() => listener.Stop();
    }
}
