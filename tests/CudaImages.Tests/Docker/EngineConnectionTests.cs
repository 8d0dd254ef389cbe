using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

public class EngineConnectionTests
{
    static readonly EngineInfo Info = new("28.3.0", "1.51", "overlay2", "/var/lib/docker", 500_000_000_000, ["runc"]);

    sealed class CountingEngine(Func<EngineInfo> info) : StandInEngine
    {
        public int Disposed { get; private set; }

        public override Task<EngineInfo> InfoAsync(CancellationToken cancellationToken) => Task.FromResult(info());

        public override void Dispose() => Disposed++;
    }

    [Fact]
    public async Task Connected_engine_comes_back_open_with_its_facts()
    {
        var engine = new CountingEngine(() => Info);

        var (connected, info) = await EngineConnection.ConnectAsync(() => engine, CancellationToken.None);

        connected.ShouldBeSameAs(engine);
        info.ShouldBe(Info);
        engine.Disposed.ShouldBe(0);
    }

    [Fact]
    public async Task Engine_that_does_not_answer_is_closed_and_its_sentence_passed_on()
    {
        var engine = new CountingEngine(() => throw new EngineUnavailableException("no Docker Engine answers at unix:///nowhere"));

        var error = await Should.ThrowAsync<EngineUnavailableException>(() => EngineConnection.ConnectAsync(() => engine, CancellationToken.None));

        error.Message.ShouldBe("no Docker Engine answers at unix:///nowhere");
        engine.Disposed.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_of_an_answering_engine_keeps_it_open_with_its_facts()
    {
        var engine = new CountingEngine(() => Info);

        using var probe = await EngineConnection.ProbeAsync(() => engine, CancellationToken.None);

        probe.Engine.ShouldBeSameAs(engine);
        probe.Info.ShouldBe(Info);
        probe.Error.ShouldBeNull();
        engine.Disposed.ShouldBe(0);
    }

    [Fact]
    public async Task Probe_of_an_engine_that_does_not_answer_reports_its_sentence_instead_of_throwing()
    {
        var engine = new CountingEngine(() => throw new EngineUnavailableException("no Docker Engine answers at unix:///nowhere"));

        var probe = await EngineConnection.ProbeAsync(() => engine, CancellationToken.None);

        probe.Info.ShouldBeNull();
        probe.Error.ShouldBe("no Docker Engine answers at unix:///nowhere");
        probe.Dispose();
        engine.Disposed.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_that_fails_for_another_reason_closes_the_engine_and_passes_the_fault_on()
    {
        var engine = new CountingEngine(() => throw new InvalidOperationException("engine answered nonsense"));

        await Should.ThrowAsync<InvalidOperationException>(() => EngineConnection.ProbeAsync(() => engine, CancellationToken.None));

        engine.Disposed.ShouldBe(1);
    }
}
