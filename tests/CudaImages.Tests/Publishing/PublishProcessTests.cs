using System.Diagnostics;
using System.Text;
using CudaImages.Publishing;
using CudaImages.Smoke;
using CudaImages.Tests.Building;
using Xunit.Abstractions;

namespace CudaImages.Tests.Publishing;

/// <summary>
/// `./build.sh Publish` as its own process, the way users and CI run it, against the real engine and registry: killed with
/// SIGKILL in the middle and run again, and watched for the password in everything it prints or writes.
/// </summary>
[Collection(OwnImagesCollection.Name)]
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public sealed class PublishProcessTests(EngineFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    const string Failing = "12.4.1-devel-debian12";

    readonly string root = Path.Combine(Path.GetTempPath(), "cudaimages-tests", "publish-root-" + Guid.NewGuid().ToString("n")[..10]);
    readonly string path = "cudaimages-test/" + Guid.NewGuid().ToString("n")[..8] + "/cuda";
    readonly List<IAsyncDisposable> parts = [];
    TinyImages images = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        Directory.CreateDirectory(Path.Combine(root, "docker-config"));
        images = Keep(await TinyImages.BuildAsync(fixture.Engine, TinyImages.NewRepository()));
        images.SmokeResults(Failing).Write(Path.Combine(root, "artifacts", SmokeResultsFile.RelativePath));
    }

    public async Task DisposeAsync()
    {
        foreach (var part in Enumerable.Reverse(parts)) await part.DisposeAsync();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    T Keep<T>(T part) where T : IAsyncDisposable
    {
        parts.Add(part);
        return part;
    }

    string PublishFilePath => Path.Combine(root, "artifacts", PublishFile.RelativePath);

    sealed record Run(int ExitCode, string Output, TimeSpan Elapsed);

    /// <summary>./build.sh Publish for the tiny images; <paramref name="started"/> gets the process, so a proxy hook can kill it.</summary>
    async Task<Run> PublishAsync(string registryHost, string[]? extra = null, Action<Process>? started = null)
    {
        var start = new ProcessStartInfo("bash");
        foreach (var argument in new[]
                 {
                     Path.Combine(TestPaths.Root, "build.sh"), "Publish", "--root", root, "--images", TestPaths.Fixture("engine-tiny"),
                     "--repository", images.Plan.Repository, "--registry", $"{registryHost}/{path}",
                 }.Concat(extra ?? []))
            start.ArgumentList.Add(argument);
        // Nothing of this machine's docker login may leak in: an empty docker config unless a test writes one.
        start.Environment["DOCKER_CONFIG"] = Path.Combine(root, "docker-config");
        foreach (var name in new[] { "REGISTRY", "REGISTRY_USERNAME", "REGISTRY_PASSWORD", "DRY_RUN", "GITHUB_ACTIONS" })
            start.Environment.Remove(name);

        var run = await ChildProcess.RunAsync(start, started);
        output.WriteLine($"--- exit {run.ExitCode} after {run.Elapsed.TotalSeconds:0.0} s\n{run.Output}");
        return new Run(run.ExitCode, run.Output, run.Elapsed);
    }

    /// <summary>Every published tag names its local image, and every alias the digest of its fixed tag; the failing image has neither.</summary>
    async Task<Dictionary<string, string>> ShouldAllBeInTheRegistryAsync(LocalRegistry registry)
    {
        using var direct = new RegistryClient(RegistryRepository.Parse($"{registry.Host}/{path}"), null);
        var digests = new Dictionary<string, string>();
        foreach (var image in images.Plan.Images)
        {
            var manifest = await direct.GetManifestAsync(image.Tag, CancellationToken.None);
            if (image.Tag == Failing)
            {
                manifest.ShouldBeNull();
                foreach (var alias in image.Aliases) (await direct.GetManifestDigestAsync(alias, CancellationToken.None)).ShouldBeNull(alias);
                continue;
            }
            manifest.ShouldNotBeNull(image.Tag);
            manifest.ConfigDigest.ShouldBe(images.Ids[image.Tag], image.Tag);
            digests[image.Tag] = manifest.Digest;
            foreach (var alias in image.Aliases)
            {
                (await direct.GetManifestDigestAsync(alias, CancellationToken.None)).ShouldBe(manifest.Digest, alias);
                digests[alias] = manifest.Digest;
            }
        }
        return digests;
    }

    [Fact]
    public async Task Publish_killed_mid_push_and_mid_aliases_ends_with_every_tag_and_alias_correct_when_run_again()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        var proxy = Keep(await FaultProxy.StartAsync(registry.Url));
        Process? running = null;
        var kills = 0;
        void Kill()
        {
            Interlocked.Increment(ref kills);
            running!.Kill(); // SIGKILL: no finally block, no cleanup
            running.WaitForExit();
        }

        // 1. Killed while the engine uploads the first layer of the first image.
        proxy.FaultFirst(1, new ProxyFault.Intercept(Kill), r => r.FromEngine && r.Method == "PATCH" && r.Path.Contains("/blobs/uploads/"));
        var first = await PublishAsync(proxy.Host, started: p => running = p);
        first.ExitCode.ShouldBe(137);

        // 2. Killed as the engine puts the third image's manifest: its layers are in the registry, its tag is not.
        proxy.FaultFirst(1, new ProxyFault.Intercept(Kill), r => r.FromEngine && r.Method == "PUT" && r.Path.EndsWith("/manifests/11.8.0-devel-debian12"));
        var second = await PublishAsync(proxy.Host, started: p => running = p);
        second.ExitCode.ShouldBe(137);
        second.Output.ShouldContain("11.8.0-runtime-debian12: moved 11-runtime-debian12");

        // 3. Killed between two aliases of the fifth image: 12.4-runtime has moved, 12-runtime has not.
        proxy.FaultFirst(1, new ProxyFault.Intercept(Kill), r => !r.FromEngine && r.Method == "PUT" && r.Path.EndsWith("/manifests/12-runtime-debian12"));
        var third = await PublishAsync(proxy.Host, started: p => running = p);
        third.ExitCode.ShouldBe(137);
        kills.ShouldBe(3);
        third.Output.ShouldContain("11.8.0-devel-debian12: pushing");
        third.Output.ShouldContain("12.4.1-runtime-debian12: moved 12.4-runtime-debian12");

        // 4. Run again: it finishes, from what the registry has.
        proxy.Fault = _ => null;
        var fourth = await PublishAsync(proxy.Host);
        fourth.ExitCode.ShouldBe(0, fourth.Output);
        fourth.Output.ShouldContain("11.8.0-base-debian12: already published as sha256:");
        fourth.Output.ShouldContain("12.4.1-runtime-debian12: already published as sha256:");
        fourth.Output.ShouldContain("12.4.1-runtime-debian12: moved 12-runtime-debian12");
        fourth.Output.ShouldNotContain("12.4.1-runtime-debian12: moved 12.4-runtime-debian12");
        fourth.Output.ShouldContain($"{Failing} not published: smoke check env failed: CUDA_VERSION is 0.0, not the release's");
        var digests = await ShouldAllBeInTheRegistryAsync(registry);
        digests.Count.ShouldBe(15); // five images, ten aliases
        output.WriteLine("verified: " + string.Join(", ", digests.Keys.Order()));

        var file = PublishFile.Read(PublishFilePath);
        file.Images.Select(i => i.Tag).Order().ShouldBe(images.Plan.Images.Select(i => i.Tag).Where(t => t != Failing).Order());
        file.Images.ShouldAllBe(i => i.Digest == digests[i.Tag] && i.CompressedBytes > 0 && i.Aliases.Count == 2);
        file.Skipped.ShouldHaveSingleItem().Tag.ShouldBe(Failing);

        // 5. And once more: nothing to do.
        var writes = proxy.Requests.Count(r => r.Writes);
        var fifth = await PublishAsync(proxy.Host);
        fifth.ExitCode.ShouldBe(0);
        fifth.Output.ShouldContain("nothing pushed: 5 images already published with every alias in place, 1 not published");
        proxy.Requests.Count(r => r.Writes).ShouldBe(writes);
        output.WriteLine($"no-op publish took {fifth.Elapsed.TotalSeconds:0.00} s (process start to exit)");
        foreach (var image in images.Plan.Images)
            (await fixture.Engine.InspectImageAsync($"{proxy.Host}/{path}:{image.Tag}", CancellationToken.None)).ShouldBeNull("a killed run's push name is left behind");
    }

    [Fact]
    public async Task Dry_run_process_prints_what_would_change_and_leaves_registry_and_artifacts_alone()
    {
        var registry = Keep(await LocalRegistry.StartAsync());
        var proxy = Keep(await FaultProxy.StartAsync(registry.Url));

        var run = await PublishAsync(proxy.Host, ["--dry-run"]);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain($"11.8.0-base-debian12: would push {proxy.Host}/{path}:11.8.0-base-debian12");
        run.Output.ShouldContain("11.8.0-base-debian12: would move 11.8-base-debian12: (none) → (the digest of the push)");
        run.Output.ShouldContain("dry run: would push 5, would move 10 aliases, 0 already published, 1 not published; nothing changed");
        proxy.Requests.Where(r => r.Writes).ShouldBeEmpty();
        File.Exists(PublishFilePath).ShouldBeFalse();
    }

    [Fact]
    public async Task The_password_never_appears_in_what_publish_prints_or_writes()
    {
        const string password = "Pw-never-printed-4f7c91";
        var registry = Keep(await LocalRegistry.StartWithHtpasswdAsync("alice", password));

        var withParameters = await PublishAsync(registry.Host, ["--registry-username", "alice", "--registry-password", password]);
        var wrong = await PublishAsync(registry.Host, ["--registry-username", "alice", "--registry-password", password + "-wrong"]);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{password}"));
        await File.WriteAllTextAsync(Path.Combine(root, "docker-config", "config.json"), $$$$"""{"auths":{"{{{{registry.Host}}}}":{"auth":"{{{{auth}}}}"}}}""");
        var fromConfig = await PublishAsync(registry.Host);

        withParameters.ExitCode.ShouldBe(0, withParameters.Output);
        withParameters.Output.ShouldContain("(user 'alice' (--registry-username))");
        wrong.ExitCode.ShouldBe(1);
        wrong.Output.ShouldContain($"registry {registry.Host} refused the credentials of user 'alice' (--registry-username) (401 Unauthorized)");
        fromConfig.ExitCode.ShouldBe(0, fromConfig.Output);
        fromConfig.Output.ShouldContain("nothing pushed: 5 images already published");
        fromConfig.Output.ShouldContain($"user 'alice' ({Path.Combine(root, "docker-config", "config.json")})");

        foreach (var run in new[] { withParameters, wrong, fromConfig })
        {
            run.Output.ShouldNotContain(password);
            run.Output.ShouldNotContain(auth);
        }
        var written = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(root, "docker-config"), StringComparison.Ordinal)).ToList();
        written.ShouldContain(PublishFilePath);
        foreach (var file in written)
        {
            var text = await File.ReadAllTextAsync(file);
            text.ShouldNotContain(password, customMessage: file);
            text.ShouldNotContain(auth, customMessage: file);
        }
    }
}
