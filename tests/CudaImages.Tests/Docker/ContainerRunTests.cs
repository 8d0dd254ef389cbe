using CudaImages.Docker;

namespace CudaImages.Tests.Docker;

/// <summary>
/// <see cref="IDockerEngine.RunContainerAsync"/> against the real Docker Engine with debian:12 in it (the engine fixture
/// puts it there). Each run carries a marker in its command so that a leaked container can be found by it.
/// </summary>
[Collection(Building.OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class ContainerRunTests(Building.EngineFixture fixture)
{
    readonly IDockerEngine engine = fixture.Engine;
    readonly string marker = Guid.NewGuid().ToString("N");

    ContainerRunRequest Shell(string script, TimeSpan? timeout = null) =>
        new("debian:12", ["sh", "-c", $"{script} # {marker}"], Timeout: timeout);

    [Fact]
    public async Task Real_engine_runs_a_command_in_debian12_and_returns_its_stdout_stderr_and_exit_code()
    {
        var run = await engine.RunContainerAsync(Shell("echo to-stdout; echo to-stderr >&2; exit 7"), Cancel());

        run.ExitCode.ShouldBe(7);
        run.TimedOut.ShouldBeFalse();
        run.Output.ShouldContain("to-stdout\n");
        run.Output.ShouldContain("to-stderr\n");
        run.Duration.ShouldBeGreaterThan(TimeSpan.Zero);
        await ShouldLeaveNoContainer();
    }

    [Fact]
    public async Task Real_engine_passes_environment_user_and_working_directory_to_debian12()
    {
        var request = Shell("echo $GREETING; id -u; pwd") with
        {
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello there" },
            User = "1234",
            WorkingDirectory = "/tmp",
        };

        var run = await engine.RunContainerAsync(request, Cancel());

        run.ExitCode.ShouldBe(0);
        run.Output.ShouldBe("hello there\n1234\n/tmp\n");
    }

    [Fact]
    public async Task Real_engine_gives_debian12_no_network_but_loopback()
    {
        var run = await engine.RunContainerAsync(Shell("ls /sys/class/net"), Cancel());

        run.ExitCode.ShouldBe(0);
        run.Output.Trim().ShouldBe("lo");
    }

    [Fact]
    public async Task Real_engine_limits_debian12_to_the_requested_memory()
    {
        var request = Shell("cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes") with
        {
            MemoryBytes = 256L * 1024 * 1024,
        };

        var run = await engine.RunContainerAsync(request, Cancel());

        run.ExitCode.ShouldBe(0);
        run.Output.Trim().ShouldBe((256L * 1024 * 1024).ToString());
    }

    [Fact]
    public async Task Real_engine_mounts_a_host_directory_read_only_into_debian12()
    {
        var directory = Directory.CreateTempSubdirectory("cudaimages-mount-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "note.txt"), marker);
            var request = Shell("cat /mnt/in/note.txt; touch /mnt/in/other 2>/dev/null && echo writable || echo read-only") with
            {
                Mounts = [(directory.FullName, "/mnt/in", true)],
            };

            var run = await engine.RunContainerAsync(request, Cancel());

            run.Output.ShouldBe($"{marker}read-only\n");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Real_engine_kills_debian12_at_its_timeout_and_removes_it()
    {
        // The command would outlast the test's hang guard: only the kill at the timeout lets it finish.
        var run = await engine.RunContainerAsync(Shell("echo started; sleep 600; echo finished", TimeSpan.FromSeconds(2)), Cancel());

        run.TimedOut.ShouldBeTrue();
        run.ExitCode.ShouldBe(-1);
        run.Output.ShouldBe("started\n");
        run.Duration.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        await ShouldLeaveNoContainer();
    }

    [Fact]
    public async Task Real_engine_removes_debian12_container_when_the_run_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var run = engine.RunContainerAsync(Shell("sleep 600"), cancel.Token);
        await Wait.Until(async () => (await ContainersOfThisTest()).Any(c => c.State == "running"), "the container to run");

        await cancel.CancelAsync();

        // A cancellation that does not stop the run ends in the guard's TimeoutException, not in OperationCanceledException.
        await Should.ThrowAsync<OperationCanceledException>(() => run.WaitAsync(Wait.HangGuard));
        await ShouldLeaveNoContainer();
    }

    [Fact]
    public async Task Real_engine_without_the_requested_runtime_says_which_and_how_to_register_it()
    {
        var runtime = $"nvidia-{marker[..8]}";

        var failure = await Should.ThrowAsync<EngineRequestException>(() =>
            engine.RunContainerAsync(Shell("true") with { Runtime = runtime }, Cancel()));

        failure.Message.ShouldContain($"no runtime '{runtime}'");
        failure.Message.ShouldContain("nvidia-ctk runtime configure --runtime=docker");
        await ShouldLeaveNoContainer();
    }

    [Fact]
    public async Task Real_engine_fails_clearly_for_an_image_it_does_not_have()
    {
        var failure = await Should.ThrowAsync<EngineRequestException>(() =>
            engine.RunContainerAsync(new ContainerRunRequest($"cudaimages-test/{marker}:missing", ["true"]), Cancel()));

        failure.Message.ShouldContain($"creating a container from cudaimages-test/{marker}:missing failed");
    }

    async Task ShouldLeaveNoContainer() => (await ContainersOfThisTest()).ShouldBeEmpty();

    async Task<List<ContainerSummary>> ContainersOfThisTest() =>
        [.. (await engine.ListContainersAsync(Cancel())).Where(container => container.Command.Contains(marker))];

    static CancellationToken Cancel() => new CancellationTokenSource(Wait.HangGuard).Token;
}
