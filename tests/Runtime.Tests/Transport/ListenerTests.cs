using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Tests.Transport;

/// <summary>The accept loop's listener.</summary>
public sealed class ListenerTests
{
    [Fact]
    public void A_listener_stopped_twice_stops_once_without_an_error()
    {
        var listener = new TransportListener(new IPEndPoint(IPAddress.Loopback, 0), socket => socket.Dispose(), NullLogger.Instance);
        listener.Start();

        listener.Dispose(); // a killed silo aborts its connections
        listener.Dispose(); // then its host stops them again

        Assert.NotEqual(0, listener.EndPoint.Port);
    }
}
