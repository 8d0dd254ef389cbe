using System.Net;
using System.Net.Sockets;

namespace CudaImages.Tests.Publishing;

/// <summary>The test registry itself: parallel test collections pick free ports, and one may take the port another just picked.</summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class LocalRegistryTests
{
    [Fact]
    public async Task Real_registry_whose_port_was_taken_meanwhile_starts_on_another_one_and_answers_there()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var picks = new Queue<int>([taken]);

        await using var registry = await LocalRegistry.StartAsync(() => picks.TryDequeue(out var port) ? port : LocalRegistry.FreePort());

        registry.Port.ShouldNotBe(taken);
        picks.ShouldBeEmpty();
        using var http = new HttpClient();
        (await http.GetAsync(registry.Url + "v2/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
