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

        jobs.Children.Keys.Select(k => k.ToString()).ShouldBe(["plan", "build", "gpu-smoke", "publish", "report", "release"]);
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

    [Fact]
    public void Each_job_has_least_permissions_and_only_release_may_write_contents()
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
            .ShouldBe(["actions/checkout@v4", "actions/download-artifact@v4", "actions/setup-dotnet@v4", "actions/upload-artifact@v4", "sigstore/cosign-installer@v3"]);
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
