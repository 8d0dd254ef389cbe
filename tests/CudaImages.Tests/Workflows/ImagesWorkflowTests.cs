using CudaImages.Loading;
using CudaImages.Smoke;
using CudaImages.Workflows;
using YamlDotNet.RepresentationModel;

namespace CudaImages.Tests.Workflows;

public class ImagesWorkflowTests
{
    static string Generate(string imagesDirectory) => WorkflowYaml.Serialize(ImagesWorkflow.Build(MatrixLoader.Load(imagesDirectory, SmokeCheckRegistry.Default.Catalogue).Settings));

    static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    static IEnumerable<string> Items(YamlNode node, params string[] path) =>
        ((YamlSequenceNode)At(node, path)).Children.Select(c => ((YamlScalarNode)c).Value!);

    static YamlMappingNode Jobs(YamlNode workflow) => (YamlMappingNode)At(workflow, "jobs");

    [Fact]
    public void Committed_workflow_is_what_GenerateWorkflows_writes_from_images()
    {
        var committed = Path.Combine(TestPaths.Root, ImagesWorkflow.RelativePath);
        var generated = Generate(TestPaths.Images);

        File.Exists(committed).ShouldBeTrue($"{ImagesWorkflow.RelativePath} is missing: run ./build.sh GenerateWorkflows and commit it");
        File.ReadAllText(committed).ShouldBe(generated, $"{ImagesWorkflow.RelativePath} is out of date: run ./build.sh GenerateWorkflows and commit it");
    }

    [Fact]
    public void Plan_job_takes_the_chains_from_the_Matrix_target_without_reshaping_them()
    {
        var plan = At(Jobs(Parse(Generate(TestPaths.Images))), "plan");

        Text(plan, "outputs", "chains").ShouldBe("${{ steps.matrix.outputs.chains }}");
        Text(plan, "outputs", "gpu-chains").ShouldBe("${{ steps.matrix.outputs.gpu-chains }}");
        ((YamlSequenceNode)At(plan, "steps")).Children.OfType<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey(new YamlScalarNode("run"))).Select(s => Text(s, "run"))
            .ShouldNotContain(run => run.Contains("jq"));
    }

    [Fact]
    public void Workflow_runs_weekly_by_hand_with_a_selection_and_on_pushes_that_change_images()
    {
        var on = At(Parse(Generate(TestPaths.Images)), "on");

        Text(((YamlSequenceNode)At(on, "schedule")).Children[0], "cron").ShouldBe("0 4 * * 1");
        ((YamlMappingNode)At(on, "workflow_dispatch", "inputs")).Children.Keys.Select(k => k.ToString()).ShouldBe(["cuda", "distro", "flavor"]);
        Items(on, "push", "branches").ShouldBe(["main"]);
        Items(on, "push", "paths").ShouldBe(["images/**"]);
    }

    [Fact]
    public void Jobs_fan_out_per_chain_and_fan_in_to_publish_report_and_release()
    {
        var jobs = Jobs(Parse(Generate(TestPaths.Images)));

        jobs.Children.Keys.Select(k => k.ToString()).ShouldBe(["plan", "build", "gpu-smoke", "publish", "report", "release", "lock-pull-request"]);
        Text(jobs, "plan", "outputs", "matrix").ShouldBe("${{ steps.matrix.outputs.matrix }}");
        Text(jobs, "build", "strategy", "matrix").ShouldBe("${{ fromJSON(needs.plan.outputs.chains) }}");
        Text(jobs, "build", "strategy", "fail-fast").ShouldBe("false");
        Text(jobs, "gpu-smoke", "strategy", "matrix").ShouldBe("${{ fromJSON(needs.plan.outputs.gpu-chains) }}");
        Items(jobs, "gpu-smoke", "runs-on").ShouldBe(["self-hosted", "linux", "x64", "gpu"]);
        Items(jobs, "publish", "needs").ShouldBe(["plan", "build", "gpu-smoke"]);
        Items(jobs, "report", "needs").ShouldBe(["build", "gpu-smoke", "publish"]);
        Text(jobs, "report", "if").ShouldBe("${{ !cancelled() && needs.build.result != 'skipped' }}"); // a failed smoke check still gets its report
        Items(jobs, "release", "needs").ShouldBe(["publish", "report"]);

        var runs = string.Join("\n", jobs.Children.Values.SelectMany(job => ((YamlSequenceNode)At(job, "steps")).Children)
            .OfType<YamlMappingNode>().Where(s => s.Children.ContainsKey(new YamlScalarNode("run"))).Select(s => Text(s, "run")));
        runs.ShouldContain("./build.sh Matrix --verbosity quiet");
        runs.ShouldContain("./build.sh SmokeTest --cuda \"$CHAIN_CUDA\" --distro \"$CHAIN_DISTRO\" --platform \"$CHAIN_PLATFORM\" --gpus all");
        runs.ShouldContain("./build.sh Publish --registry \"$REGISTRY\" --keyless");
        runs.ShouldContain("./build.sh MeasureSizes");
        runs.ShouldContain("./build.sh Report");
        runs.ShouldContain("./build.sh ReleaseNotes --publish-release");
    }

    static string? Value(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value.ToString() : null;

    static YamlMappingNode Step(YamlNode job, string name) =>
        ((YamlSequenceNode)At(job, "steps")).Children.OfType<YamlMappingNode>()
            .Single(s => s.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n.ToString() == name);

    [Fact]
    public void Scheduled_run_checks_the_lock_first_and_nothing_changed_ends_it_with_all_images_current()
    {
        var jobs = Jobs(Parse(Generate(TestPaths.Images)));
        var check = Step(At(jobs, "plan"), "Lock check");

        Text(check, "if").ShouldBe("github.event_name == 'schedule'");
        Text(check, "run").ShouldStartWith("set +e\n./build.sh Lock --check\n");
        Text(check, "run").ShouldContain("0) echo \"changed=false\" >> \"$GITHUB_OUTPUT\"\n     echo \"all $IMAGES images current\" >> \"$GITHUB_STEP_SUMMARY\"");
        Text(check, "env", "IMAGES").ShouldBe("${{ steps.matrix.outputs.images }}");
        Text(jobs, "plan", "outputs", "lock-changed").ShouldBe("${{ steps.lock.outputs.changed }}");
        Text(jobs, "build", "if").ShouldBe("needs.plan.outputs.lock-changed != 'false'");
    }

    [Fact]
    public void Scheduled_lock_check_gets_qemu_first_for_the_arm64_lock_sections_it_resolves_on_an_amd64_runner()
    {
        var plan = At(Jobs(Parse(Generate(TestPaths.Images))), "plan");
        var names = ((YamlSequenceNode)At(plan, "steps")).Children.Select(s => Value(s, "name")).ToList();

        var qemu = Step(plan, "qemu");
        Text(qemu, "uses").ShouldBe("docker/setup-qemu-action@v3");
        Text(qemu, "with", "platforms").ShouldBe("arm64");
        Text(qemu, "if").ShouldBe("github.event_name == 'schedule'");
        names.IndexOf("qemu").ShouldBeLessThan(names.IndexOf("Lock check"));
    }

    [Fact]
    public void Changed_lock_is_refreshed_built_from_and_proposed_in_one_pull_request_after_publishing()
    {
        var jobs = Jobs(Parse(Generate(TestPaths.Images)));

        Text(Step(At(jobs, "plan"), "Refresh the lock"), "run").ShouldBe("./build.sh Lock");
        foreach (var job in new[] { "build", "gpu-smoke", "publish", "report", "lock-pull-request" })
            ((YamlSequenceNode)At(jobs, job, "steps")).Children.OfType<YamlMappingNode>()
                .ShouldContain(s => Value(s, "uses") == ImagesWorkflow.DownloadArtifact && Value(At(s, "with"), "name") == "lock"
                                    && Value(At(s, "with"), "path") == "images" && Value(s, "if") == "needs.plan.outputs.lock-changed == 'true'", job);
        Items(jobs, "lock-pull-request", "needs").ShouldBe(["plan", "publish"]);
        Text(jobs, "lock-pull-request", "if").ShouldBe("${{ !cancelled() && needs.plan.outputs.lock-changed == 'true' && needs.publish.result == 'success' }}");
        var pull = Step(At(jobs, "lock-pull-request"), "Open or update the lock pull request");
        Text(pull, "run").ShouldBe("./build.sh LockPullRequest --base-branch \"$BASE_BRANCH\"");
        Text(pull, "env", "GITHUB_TOKEN").ShouldBe("${{ secrets.GITHUB_TOKEN }}");
    }

    [Fact]
    public void Build_takes_the_registry_as_its_cache_and_stages_only_the_images_it_built()
    {
        var build = At(Jobs(Parse(Generate(TestPaths.Images))), "build");

        Text(Step(build, "Build"), "run").ShouldBe("./build.sh BuildImages --cuda \"$CHAIN_CUDA\" --distro \"$CHAIN_DISTRO\" --platform \"$CHAIN_PLATFORM\" --registry \"$REGISTRY\"");
        Text(Step(build, "Push by digest"), "run").ShouldContain("jq -r '.images[] | select(.status == \"Built\") | .tag' artifacts/build.json");
    }

    [Fact]
    public void Each_job_has_least_permissions_and_only_release_and_the_lock_pull_request_may_write_contents()
    {
        var workflow = Parse(Generate(TestPaths.Images));

        ((YamlMappingNode)At(workflow, "permissions")).Children.ShouldBeEmpty();
        Text(workflow, "concurrency", "group").ShouldBe("images-${{ github.ref }}");
        var permissions = Jobs(workflow).Children.ToDictionary(j => j.Key.ToString(),
            j => string.Join(", ", ((YamlMappingNode)At(j.Value, "permissions")).Children.Select(p => $"{p.Key}: {p.Value}")));
        permissions.ShouldBe(new Dictionary<string, string>
        {
            ["plan"] = "contents: read",
            ["build"] = "contents: read, packages: write",
            ["gpu-smoke"] = "contents: read, packages: read",
            ["publish"] = "contents: read, packages: write, id-token: write",
            ["report"] = "contents: read",
            ["release"] = "contents: write",
            ["lock-pull-request"] = "contents: write, pull-requests: write",
        });
    }

    [Fact]
    public void Secrets_come_only_from_secrets_and_actions_are_pinned()
    {
        var yaml = Generate(TestPaths.Images);

        System.Text.RegularExpressions.Regex.Matches(yaml, @"\$\{\{[^}]*secrets\.[^}]*\}\}").Select(m => m.Value).Distinct()
            .ShouldBe(["${{ secrets.GITHUB_TOKEN }}"]);
        yaml.Split('\n').Where(l => l.Contains("secrets.")).ShouldAllBe(l => l.TrimStart().StartsWith("TOKEN:") || l.TrimStart().StartsWith("GITHUB_TOKEN:"));
        System.Text.RegularExpressions.Regex.Matches(yaml, @"uses: (\S+)").Select(m => m.Groups[1].Value).Distinct().Order()
            .ShouldBe(["actions/checkout@v4", "actions/download-artifact@v4", "actions/setup-dotnet@v4", "actions/upload-artifact@v4", "docker/setup-qemu-action@v3", "sigstore/cosign-installer@v3"]);
    }

    [Fact]
    public void Schedule_runners_and_registry_come_from_matrix_yaml()
    {
        using var matrix = new ScratchMatrix();
        matrix.Replace("matrix.yaml", "label_prefix: io.cudaimages\n", """
            label_prefix: io.cudaimages
            workflow:
              schedule: "30 2 * * 0"
              runner: [self-hosted, linux, builder]
              gpu_runner: [self-hosted, h100]
              registry: registry.example.com/{owner}/cuda-ci

            """);

        var workflow = Parse(Generate(matrix.Directory));

        Text(((YamlSequenceNode)At(workflow, "on", "schedule")).Children[0], "cron").ShouldBe("30 2 * * 0");
        Text(Jobs(workflow), "build", "runs-on").ShouldBe("""${{ fromJSON(matrix.platform == 'linux/arm64' && '["ubuntu-24.04-arm"]' || '["self-hosted","linux","builder"]') }}""");
        Items(Jobs(workflow), "gpu-smoke", "runs-on").ShouldBe(["self-hosted", "h100"]);
        Text(workflow, "env", "REGISTRY_TEMPLATE").ShouldBe("registry.example.com/{owner}/cuda-ci");
    }

    [Fact]
    public void Matrix_without_workflow_settings_gets_ubuntu_runners_a_gpu_label_set_and_ghcr()
    {
        using var matrix = new ScratchMatrix();

        var workflow = Parse(Generate(matrix.Directory));

        Items(Jobs(workflow), "plan", "runs-on").ShouldBe(["ubuntu-latest"]);
        Items(Jobs(workflow), "gpu-smoke", "runs-on").ShouldBe(["self-hosted", "linux", "x64", "gpu"]);
        Text(workflow, "env", "REGISTRY_TEMPLATE").ShouldBe("ghcr.io/{owner}/cuda");
    }

    [Fact]
    public void Empty_gpu_runner_list_is_a_located_error()
    {
        using var matrix = new ScratchMatrix();
        matrix.Replace("matrix.yaml", "label_prefix: io.cudaimages\n", "label_prefix: io.cudaimages\nworkflow:\n  gpu_runner: []\n");

        var error = Should.Throw<MatrixException>(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue));

        error.Errors.Single().ToString().ShouldStartWith("images/matrix.yaml:5:3: gpu_runner lists no runner labels");
    }

    [Fact]
    public void Build_job_fans_out_per_platform_onto_native_runners_of_that_platform()
    {
        var build = At(Jobs(Parse(Generate(TestPaths.Images))), "build");

        Text(build, "runs-on").ShouldBe("""${{ fromJSON(matrix.platform == 'linux/arm64' && '["ubuntu-24.04-arm"]' || '["ubuntu-latest"]') }}""");
        Text(build, "env", "CHAIN_PLATFORM").ShouldBe("${{ matrix.platform }}");
        ((YamlSequenceNode)At(build, "steps")).Children.OfType<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey(new YamlScalarNode("run"))).Select(s => Text(s, "run"))
            .Where(run => run.StartsWith("./build.sh BuildImages", StringComparison.Ordinal)).ShouldHaveSingleItem().ShouldContain("--platform \"$CHAIN_PLATFORM\"");
    }

    [Fact]
    public void Every_job_plans_both_platforms_so_that_publish_makes_one_index_per_tag()
    {
        Text(Parse(Generate(TestPaths.Images)), "env", "PLATFORM").ShouldBe("linux/amd64,linux/arm64");
    }
}
