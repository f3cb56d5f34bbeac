using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class IdentityTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Grains_see_their_own_string_guid_and_integer_keys()
    {
        var id = Guid.NewGuid();

        Assert.Equal("alice/thread-1", await fixture.Client.GetGrain<IStringKeyed>("alice/thread-1").GetKeyAsync());
        Assert.Equal(id, await fixture.Client.GetGrain<IGuidKeyed>(id).GetKeyAsync());
        Assert.Equal(-42L, await fixture.Client.GetGrain<IIntegerKeyed>(-42).GetKeyAsync());
    }

    [Fact]
    public void References_to_the_same_grain_are_equal_and_hash_alike_and_others_are_not()
    {
        var a1 = fixture.Client.GetGrain<IStringKeyed>("a");
        var a2 = fixture.Client.GetGrain<IStringKeyed>("a");
        var b = fixture.Client.GetGrain<IStringKeyed>("b");

        Assert.Equal(a1, a2);
        Assert.Equal(a1.GetHashCode(), a2.GetHashCode());
        Assert.NotEqual(a1, b);
        Assert.Single(new HashSet<IStringKeyed> { a1, a2 });
        Assert.Equal(GrainId.Create("stringkeyed", "a"), ((GrainReference)(object)a1).GrainId);
    }

    [Fact]
    public void References_from_a_silo_and_from_a_client_name_the_same_grain()
    {
        var fromClient = (GrainReference)(object)fixture.Client.GetGrain<IIntegerKeyed>(7);
        var fromSilo = (GrainReference)(object)fixture.Cluster.Silos[0].GrainFactory.GetGrain<IIntegerKeyed>(7);

        Assert.Equal(fromClient, fromSilo);
    }

    [Fact]
    public async Task Reference_sent_inside_a_message_can_be_called_by_the_receiving_grain()
    {
        var asker = fixture.Client.GetGrain<IStringKeyed>("asker");

        Assert.Equal(99L, await asker.AskAsync(fixture.Client.GetGrain<IIntegerKeyed>(99)));
    }
}
