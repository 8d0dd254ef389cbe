using CudaImages.Building;
using CudaImages.Model;
using CudaImages.Planning;
using CudaImages.Releasing;

namespace CudaImages.Workflows;

/// <summary>
/// .github/workflows/images.yml as data: a weekly schedule, a manual run for a selection, and pushes that change
/// images/. plan → build (one job per chain: a CUDA release on a distro, parents and children in one engine so
/// children keep their parents' layers) → gpu-smoke (the chains with GPU checks, on GPU runners) → publish → report
/// → release. Jobs hand their artifacts/ folder on; images travel through the registry, by digest. The registry is the build
/// cache: an image whose fixed tag there already holds its inputs is not rebuilt. On schedule, plan first runs Lock --check:
/// nothing changed ends the run ("all N images current"); a change refreshes the lock, which every later job builds from, and
/// after publishing, lock-pull-request opens or updates one pull request with it.
/// Schedule, runner labels and registry come from images/matrix.yaml (<see cref="WorkflowSettings"/>).
/// </summary>
public static class ImagesWorkflow
{
    public const string RelativePath = ".github/workflows/images.yml";

    public const string Checkout = "actions/checkout@v4";
    public const string SetupDotnet = "actions/setup-dotnet@v4";
    public const string UploadArtifact = "actions/upload-artifact@v4";
    public const string DownloadArtifact = "actions/download-artifact@v4";
    public const string CosignInstaller = "sigstore/cosign-installer@v3";
    public const string SetupQemu = "docker/setup-qemu-action@v3";

    public static WorkflowMap Build(MatrixSettings matrix)
    {
        var settings = matrix.Workflow;
        return new WorkflowMap
        {
            ["name"] = "images",
            ["on"] = new WorkflowMap
            {
                ["schedule"] = new[] { new WorkflowMap { ["cron"] = settings.Schedule } },
                ["workflow_dispatch"] = new WorkflowMap
                {
                    ["inputs"] = new WorkflowMap
                    {
                        ["cuda"] = Input("CUDA releases, e.g. 12 (every 12.x), 12.4 (newest 12.4 patch) or 12.4.1; empty: all"),
                        ["distro"] = Input("Distros, e.g. debian12 ubuntu22.04; empty: all"),
                        ["flavor"] = Input("Flavors, e.g. runtime (their parents come along); empty: all"),
                    },
                },
                ["push"] = new WorkflowMap { ["branches"] = new[] { "main" }, ["paths"] = new[] { "images/**" } },
            },
            ["permissions"] = new WorkflowMap(),
            // One run per branch at a time; a queued run waits rather than cancelling one that may be publishing.
            ["concurrency"] = new WorkflowMap { ["group"] = "images-${{ github.ref }}", ["cancel-in-progress"] = false },
            ["env"] = new WorkflowMap
            {
                ["DOTNET_NOLOGO"] = "true",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "true",
                // The selection of a manual run; empty on other events, which select everything.
                ["CUDA"] = "${{ inputs.cuda }}",
                ["DISTRO"] = "${{ inputs.distro }}",
                ["FLAVOR"] = "${{ inputs.flavor }}",
                ["REGISTRY_TEMPLATE"] = settings.Registry,
                // Every job plans every platform (one index per tag); build and gpu-smoke narrow it to their chain's.
                ["PLATFORM"] = string.Join(",", settings.Platforms.Select(p => p.Platform.Id)),
            },
            ["jobs"] = new WorkflowMap
            {
                ["plan"] = Plan(settings),
                ["build"] = BuildJob(settings, matrix.Repository),
                ["gpu-smoke"] = GpuSmoke(settings, matrix.Repository),
                ["publish"] = Publish(settings, matrix.Repository),
                ["report"] = Report(settings),
                ["release"] = Release(settings),
                ["lock-pull-request"] = LockPullRequestJob(settings),
            },
        };
    }

    static WorkflowMap Input(string description) => new()
    {
        ["description"] = description,
        ["type"] = "string",
        ["required"] = false,
        ["default"] = "",
    };

    static WorkflowMap Plan(WorkflowSettings settings) => new()
    {
        ["runs-on"] = settings.Runner,
        ["permissions"] = new WorkflowMap { ["contents"] = "read" },
        ["outputs"] = new WorkflowMap
        {
            ["matrix"] = "${{ steps.matrix.outputs.matrix }}",
            ["chains"] = "${{ steps.matrix.outputs.chains }}",
            ["gpu-chains"] = "${{ steps.matrix.outputs.gpu-chains }}",
            ["lock-changed"] = "${{ steps.lock.outputs.changed }}",
        },
        ["steps"] = (object[])
        [
            .. Setup(),
            Run("Matrix", "./build.sh Matrix --verbosity quiet", id: "matrix"),
            // Lock resolves each platform's packages with that platform's apt: arm64 under qemu on this amd64 runner.
            .. Emulated(settings).Select(step => WithCondition(step, "github.event_name == 'schedule'")),
            LockCheck(),
            Run("Refresh the lock", "./build.sh Lock", condition: LockChanged),
            WithCondition(Upload(LockArtifact, always: false, path: "images/"), LockChanged),
        ],
    };

    /// <summary>qemu for every platform the workflow builds other than the runner's (linux/amd64); none when it builds amd64 alone.</summary>
    static IEnumerable<WorkflowMap> Emulated(WorkflowSettings settings)
    {
        var foreign = settings.Platforms.Select(p => p.Platform).Where(p => p != Model.Platform.Amd64).Select(p => p.Architecture).ToList();
        if (foreign.Count == 0) yield break;
        yield return new WorkflowMap { ["name"] = "qemu", ["uses"] = SetupQemu, ["with"] = new WorkflowMap { ["platforms"] = string.Join(",", foreign) } };
    }

    const string LockArtifact = "lock";

    const string LockChanged = "steps.lock.outputs.changed == 'true'";

    // Later jobs build from the refreshed lock; on other events the output is empty and they build from the checked-out one.
    const string NeedsLockChanged = "needs.plan.outputs.lock-changed == 'true'";

    /// <summary>Lock --check exits 1 when the archive would resolve differently: a change to act on, not a failure.</summary>
    static WorkflowMap LockCheck() => Run("Lock check", $$"""
        set +e
        ./build.sh Lock --check
        code=$?
        set -e
        case "$code" in
          0) echo "changed=false" >> "$GITHUB_OUTPUT"
             echo "all $IMAGES images current" >> "$GITHUB_STEP_SUMMARY" ;;
          1) echo "changed=true" >> "$GITHUB_OUTPUT"
             echo "the archive resolves differently now: refreshing the lock and rebuilding what it changes" >> "$GITHUB_STEP_SUMMARY" ;;
          *) exit "$code" ;;
        esac
        """, id: "lock", condition: "github.event_name == 'schedule'", env: new WorkflowMap { ["IMAGES"] = "${{ steps.matrix.outputs.images }}" });

    static WorkflowMap RefreshedLock() =>
        WithCondition(Download(LockArtifact, "images", pattern: false), NeedsLockChanged);

    static WorkflowMap WithCondition(WorkflowMap step, string condition)
    {
        step["if"] = condition;
        return step;
    }

    static WorkflowMap LockPullRequestJob(WorkflowSettings settings) => new()
    {
        ["needs"] = new[] { "plan", "publish" },
        ["if"] = $"${{{{ !cancelled() && {NeedsLockChanged} && needs.publish.result == 'success' }}}}",
        ["runs-on"] = settings.Runner,
        ["permissions"] = new WorkflowMap { ["contents"] = "write", ["pull-requests"] = "write" },
        ["steps"] = (object[])
        [
            .. Setup(),
            RefreshedLock(),
            Run("Open or update the lock pull request", "./build.sh LockPullRequest --base-branch \"$BASE_BRANCH\"",
                env: new WorkflowMap { ["GITHUB_TOKEN"] = "${{ secrets.GITHUB_TOKEN }}", ["BASE_BRANCH"] = "${{ github.event.repository.default_branch }}" }),
        ],
    };

    static WorkflowMap BuildJob(WorkflowSettings settings, string repository) => new()
    {
        ["name"] = "build ${{ matrix.cuda }} ${{ matrix.distro }} ${{ matrix.arch }}",
        ["needs"] = "plan",
        ["if"] = "needs.plan.outputs.lock-changed != 'false'",
        // Each platform's chain on a native runner of that platform: no emulation in CI.
        ["runs-on"] = RunnerFor(settings),
        ["permissions"] = new WorkflowMap { ["contents"] = "read", ["packages"] = "write" },
        ["strategy"] = new WorkflowMap { ["fail-fast"] = false, ["matrix"] = "${{ fromJSON(needs.plan.outputs.chains) }}" },
        ["env"] = Chain(),
        ["steps"] = (object[])
        [
            .. Setup(),
            RefreshedLock(),
            .. RegistryLogin(),
            // Images whose fixed tag in the registry already holds their inputs are not rebuilt (current in registry).
            Run("Build", "./build.sh BuildImages --cuda \"$CHAIN_CUDA\" --distro \"$CHAIN_DISTRO\" --platform \"$CHAIN_PLATFORM\" --registry \"$REGISTRY\""),
            Run("Smoke-test (CPU checks)", "./build.sh SmokeTest --cuda \"$CHAIN_CUDA\" --distro \"$CHAIN_DISTRO\" --platform \"$CHAIN_PLATFORM\""),
            Run("Push by digest", $$$"""
                # A run-scoped staging tag: the published tags move only after every smoke test passed (publish job).
                # Only what this job built: an image current in the registry stays where it is.
                mkdir -p artifacts/digests
                for tag in $(jq -r '.images[] | select(.status == "Built") | .tag' artifacts/{{{BuildFile.RelativePath}}}); do
                  staging="$REGISTRY:ci-$GITHUB_RUN_ID-$tag"
                  docker tag "{{{repository}}}:$tag" "$staging"
                  docker push --quiet "$staging"
                  docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$staging" | grep -m1 "^$REGISTRY@" > "artifacts/digests/$tag"
                done
                """),
            Upload("chain-${{ matrix.cuda }}-${{ matrix.distro }}-${{ matrix.arch }}", always: true),
        ],
    };

    /// <summary>runs-on for a chain: the runner labels of its platform, chosen by the matrix entry's platform.</summary>
    static string RunnerFor(WorkflowSettings settings)
    {
        var json = (IReadOnlyList<string> labels) => System.Text.Json.JsonSerializer.Serialize(labels);
        var choice = settings.Platforms.Skip(1).Aggregate($"'{json(settings.Platforms[0].Runner)}'",
            (rest, p) => $"matrix.platform == '{p.Platform.Id}' && '{json(p.Runner)}' || {rest}");
        return $"${{{{ fromJSON({choice}) }}}}";
    }

    static WorkflowMap GpuSmoke(WorkflowSettings settings, string repository) => new()
    {
        ["name"] = "gpu-smoke ${{ matrix.cuda }} ${{ matrix.distro }} ${{ matrix.arch }}",
        ["needs"] = new[] { "plan", "build" },
        ["if"] = "needs.plan.outputs.gpu-chains != '{\"include\":[]}'",
        ["runs-on"] = settings.GpuRunner,
        ["permissions"] = new WorkflowMap { ["contents"] = "read", ["packages"] = "read" },
        ["strategy"] = new WorkflowMap { ["fail-fast"] = false, ["matrix"] = "${{ fromJSON(needs.plan.outputs.gpu-chains) }}" },
        ["env"] = Chain(),
        ["steps"] = (object[])
        [
            .. Setup(),
            RefreshedLock(),
            .. RegistryLogin(),
            Download("chain-${{ matrix.cuda }}-${{ matrix.distro }}-${{ matrix.arch }}", "downloads", pattern: false),
            // Which images are current in the registry (not pulled, not checked again here).
            Run("Build records", $"mkdir -p artifacts && cp downloads/{BuildFile.RelativePath} artifacts/"),
            PullByDigest(repository, "downloads/digests/*"),
            Run("Smoke-test on the GPU", "./build.sh SmokeTest --cuda \"$CHAIN_CUDA\" --distro \"$CHAIN_DISTRO\" --platform \"$CHAIN_PLATFORM\" --gpus all"),
            Upload("gpu-smoke-${{ matrix.cuda }}-${{ matrix.distro }}-${{ matrix.arch }}", always: true),
        ],
    };

    static WorkflowMap Publish(WorkflowSettings settings, string repository) => new()
    {
        ["needs"] = new[] { "plan", "build", "gpu-smoke" },
        // gpu-smoke is skipped when no image has GPU checks; anything else that did not succeed stops publishing.
        ["if"] = "${{ !cancelled() && needs.build.result == 'success' && (needs.gpu-smoke.result == 'success' || needs.gpu-smoke.result == 'skipped') }}",
        ["runs-on"] = settings.Runner,
        // id-token: write here only: the job's OIDC token is what keyless signing proves its identity with.
        ["permissions"] = new WorkflowMap { ["contents"] = "read", ["packages"] = "write", ["id-token"] = "write" },
        ["steps"] = (object[])
        [
            .. Setup(),
            RefreshedLock(),
            .. RegistryLogin(),
            new WorkflowMap { ["uses"] = CosignInstaller },
            Download("chain-*", "downloads/build"),
            Download("gpu-smoke-*", "downloads/gpu-smoke"),
            Run("Collect", "./build.sh CollectArtifacts --downloads downloads"),
            PullByDigest(repository, "artifacts/digests/*"),
            Run("Publish, signed keyless", "./build.sh Publish --registry \"$REGISTRY\" --keyless"),
            Run("Measure sizes", "./build.sh MeasureSizes"),
            Upload("published", always: true),
        ],
    };

    // The report is wanted most when something failed: it runs whenever the images were built, from what exists.
    static WorkflowMap Report(WorkflowSettings settings)
    {
        var published = Download("published", "downloads/published", pattern: false);
        published["continue-on-error"] = true; // nothing was published when a smoke check failed
        return new()
        {
            ["needs"] = new[] { "build", "gpu-smoke", "publish" },
            ["if"] = "${{ !cancelled() && needs.build.result != 'skipped' }}",
            ["runs-on"] = settings.Runner,
            ["permissions"] = new WorkflowMap { ["contents"] = "read" },
            ["steps"] = (object[])
            [
                .. Setup(),
                RefreshedLock(),
                Download("chain-*", "downloads/build"),
                Download("gpu-smoke-*", "downloads/gpu-smoke"),
                Run("Collect", "./build.sh CollectArtifacts --downloads downloads"),
                published,
                Run("Published results", "if [ -d downloads/published ]; then cp -r downloads/published/. artifacts/; fi"),
                Run("Report", "./build.sh Report"),
                Upload("report", always: false),
            ],
        };
    }

    static WorkflowMap Release(WorkflowSettings settings) => new()
    {
        ["needs"] = new[] { "publish", "report" },
        ["runs-on"] = settings.Runner,
        ["permissions"] = new WorkflowMap { ["contents"] = "write" },
        ["steps"] = (object[])
        [
            .. Setup(),
            Download("report", "artifacts", pattern: false),
            Run("Release notes and GitHub release", "./build.sh ReleaseNotes --publish-release",
                env: new WorkflowMap { ["GITHUB_TOKEN"] = "${{ secrets.GITHUB_TOKEN }}" }),
            Upload("release-notes", always: false, path: $"artifacts/{ReleaseNotesMarkdown.RelativePath}"),
        ],
    };

    static WorkflowMap Chain() => new()
    {
        ["CHAIN_CUDA"] = "${{ matrix.cuda }}",
        ["CHAIN_DISTRO"] = "${{ matrix.distro }}",
        ["CHAIN_PLATFORM"] = "${{ matrix.platform }}",
    };

    static WorkflowMap[] Setup() =>
    [
        new() { ["uses"] = Checkout },
        new() { ["uses"] = SetupDotnet, ["with"] = new WorkflowMap { ["global-json-file"] = "global.json" } },
    ];

    /// <summary>The registry from REGISTRY_TEMPLATE ({owner} filled in, lower-cased as registries require), and a login with the job's token.</summary>
    static WorkflowMap[] RegistryLogin() =>
    [
        Run("Registry", """
            registry="${REGISTRY_TEMPLATE//\{owner\}/$OWNER}"
            echo "REGISTRY=${registry,,}" >> "$GITHUB_ENV"
            """, env: new WorkflowMap { ["OWNER"] = "${{ github.repository_owner }}" }),
        Run("Registry login", """echo "$TOKEN" | docker login "${REGISTRY%%/*}" --username "$ACTOR" --password-stdin""",
            env: new WorkflowMap { ["TOKEN"] = "${{ secrets.GITHUB_TOKEN }}", ["ACTOR"] = "${{ github.actor }}" }),
    ];

    static WorkflowMap PullByDigest(string repository, string digests) =>
        Run("Pull by digest", $"""
            shopt -s nullglob # nothing built: nothing to pull
            for file in {digests}; do
              tag=$(basename "$file")
              # An arm64 image's local tag ends in -arm64 (an amd64 publish job holds both platforms' images).
              case "$tag" in *-arm64) platform=linux/arm64 ;; *) platform=linux/amd64 ;; esac
              docker pull --quiet --platform "$platform" "$(cat "$file")"
              docker tag "$(cat "$file")" "{repository}:$tag"
            done
            """);

    static WorkflowMap Run(string name, string script, string? id = null, WorkflowMap? env = null, string? condition = null)
    {
        var step = new WorkflowMap { ["name"] = name };
        if (id is not null) step["id"] = id;
        if (condition is not null) step["if"] = condition;
        if (env is not null) step["env"] = env;
        step["run"] = script.EndsWith('\n') || !script.Contains('\n') ? script : script + "\n";
        return step;
    }

    static WorkflowMap Upload(string name, bool always, string path = "artifacts/")
    {
        var step = new WorkflowMap { ["uses"] = UploadArtifact };
        if (always) step["if"] = "${{ always() }}";
        step["with"] = new WorkflowMap { ["name"] = name, ["path"] = path, ["if-no-files-found"] = "error", ["retention-days"] = 7 };
        return step;
    }

    static WorkflowMap Download(string name, string path, bool pattern = true) => new()
    {
        ["uses"] = DownloadArtifact,
        ["with"] = pattern ? new WorkflowMap { ["pattern"] = name, ["path"] = path } : new WorkflowMap { ["name"] = name, ["path"] = path },
    };
}
