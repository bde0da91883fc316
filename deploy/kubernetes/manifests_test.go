package kubernetes_test

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/lkbot/lkbot/load"
)

// decode reads one manifest as the API server would: strictly (an unknown
// or repeated field is an error, and field names are case-sensitive), and
// only as a kind of a group version that the server serves.
func decode(data []byte) (runtime.Object, error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, batchv1.AddToScheme} {
		if err := add(scheme); err != nil {
			return nil, fmt.Errorf("scheme: %w", err)
		}
	}
	codecs := serializer.NewCodecFactory(scheme, serializer.EnableStrict)
	obj, _, err := codecs.UniversalDeserializer().Decode(data, nil, nil)
	return obj, err
}

// decodeFile decodes the one manifest in file into a T.
func decodeFile[T runtime.Object](t *testing.T, file string) T {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("\n---")) {
		t.Fatalf("%s: holds more than one document; keep one object per file", file)
	}
	obj, err := decode(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out, ok := obj.(T)
	if !ok {
		var want T
		t.Fatalf("%s: is a %T, want %T", file, obj, want)
	}
	return out
}

// The manifests of one run, as the tests below read them.
type manifests struct {
	secret *corev1.Secret
	config *corev1.ConfigMap
	claim  *corev1.PersistentVolumeClaim
	load   *batchv1.Job
	merge  *batchv1.Job
	copier *corev1.Pod
}

func readManifests(t *testing.T) manifests {
	t.Helper()
	return manifests{
		secret: decodeFile[*corev1.Secret](t, "secret.yaml"),
		config: decodeFile[*corev1.ConfigMap](t, "configmap.yaml"),
		claim:  decodeFile[*corev1.PersistentVolumeClaim](t, "pvc.yaml"),
		load:   decodeFile[*batchv1.Job](t, "load-job.yaml"),
		merge:  decodeFile[*batchv1.Job](t, "merge-job.yaml"),
		copier: decodeFile[*corev1.Pod](t, "reports-pod.yaml"),
	}
}

func TestManifestsDecodeStrictly(t *testing.T) {
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var seen int
	for _, f := range files {
		if path.Ext(f.Name()) != ".yaml" {
			continue
		}
		seen++
		data, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decode(data); err != nil {
			t.Errorf("%s: %v", f.Name(), err)
		}
	}
	if seen < 6 {
		t.Errorf("read %d manifests, want the 6 that README.md names", seen)
	}
}

// TestStrictDecodingCatchesTypos proves that the decoding above would
// catch a typo: each copy of a manifest with one misspelt field fails.
func TestStrictDecodingCatchesTypos(t *testing.T) {
	for _, tc := range []struct{ file, from, to, named string }{
		{"load-job.yaml", "completionMode:", "completionsMode:", "spec.completionsMode"},
		{"load-job.yaml", "readOnlyRootFilesystem:", "readOnlyRootFileSystem:", "readOnlyRootFileSystem"}, // case counts, as in the API server
		{"load-job.yaml", "backoffLimitPerIndex:", "backOffLimitPerIndex:", "backOffLimitPerIndex"},
		{"load-job.yaml", "  parallelism: 4\n", "  parallelism: 4\n  parallelism: 4\n", `"parallelism" already set`},
		{"load-job.yaml", "apiVersion: batch/v1", "apiVersion: batch/v2", "batch/v2"},
		{"merge-job.yaml", "claimName:", "claim:", "persistentVolumeClaim.claim"},
		{"secret.yaml", "stringData:", "stringdata:", "stringdata"},
		{"configmap.yaml", "\ndata:", "\ndate:", "date"},
	} {
		t.Run(tc.file+"/"+strings.TrimSpace(tc.to), func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(tc.from)) {
				t.Fatalf("%s has no %q to misspell", tc.file, tc.from)
			}
			bad := bytes.Replace(data, []byte(tc.from), []byte(tc.to), 1)
			_, err = decode(bad)
			if err == nil || !strings.Contains(err.Error(), tc.named) {
				t.Errorf("%s with %q for %q: error %v, want one that names %q", tc.file, tc.to, tc.from, err, tc.named)
			}
		})
	}
}

func TestLoadJobIsIndexed(t *testing.T) {
	m := readManifests(t)
	spec := m.load.Spec
	if spec.CompletionMode == nil || *spec.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("completionMode is not Indexed: pods get no JOB_COMPLETION_INDEX otherwise")
	}
	shards := shardCount(t, m.load)
	if spec.Parallelism == nil || int(*spec.Parallelism) != shards {
		t.Errorf("parallelism is not completions (%d): shards that do not run together do not load together", shards)
	}
	c := container(t, m.load, "lkbot")
	count := envValue(t, c, load.EnvShardCount)
	if count != strconv.Itoa(shards) {
		t.Errorf("%s is %q, want completions (%d)", load.EnvShardCount, count, shards)
	}
	if tmpl := m.load.Spec.Template.Spec; tmpl.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy is %q, want Never (a shard restarted in place rejoins late)", tmpl.RestartPolicy)
	}
	if spec.BackoffLimitPerIndex == nil || *spec.BackoffLimitPerIndex != 0 {
		t.Errorf("backoffLimitPerIndex is not 0: a failed shard must not run again after the others have ramped")
	}
	if !failsJobOn(spec.PodFailurePolicy, 2) {
		t.Error("podFailurePolicy does not fail the Job on exit 2 (bad input: every shard would fail alike)")
	}
	if spec.ActiveDeadlineSeconds == nil {
		t.Error("no activeDeadlineSeconds: a stuck run would hold its pods forever")
	}
}

func TestJobsRunLocked(t *testing.T) {
	m := readManifests(t)
	for name, pod := range map[string]corev1.PodSpec{"load": m.load.Spec.Template.Spec, "merge": m.merge.Spec.Template.Spec, "reports": m.copier.Spec} {
		if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
			t.Errorf("%s: runAsNonRoot is not set", name)
		}
		for _, c := range pod.Containers {
			sc := c.SecurityContext
			if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
				t.Errorf("%s: container %s: readOnlyRootFilesystem is not set", name, c.Name)
			}
			if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
				t.Errorf("%s: container %s: allowPrivilegeEscalation is not false", name, c.Name)
			}
			if c.Resources.Requests.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
				t.Errorf("%s: container %s: no CPU request or memory limit", name, c.Name)
			}
		}
	}
}

// TestSecretCarriesConnection checks that the Secret the load Job reads
// holds the connection under the variables lkbot reads.
func TestSecretCarriesConnection(t *testing.T) {
	m := readManifests(t)
	c := container(t, m.load, "lkbot")
	if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef == nil || c.EnvFrom[0].SecretRef.Name != m.secret.Name {
		t.Fatalf("envFrom is %+v, want the Secret %s", c.EnvFrom, m.secret.Name)
	}
	want := connectionEnv(t)
	var got []string
	for k := range m.secret.StringData {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the Secret holds %v, want %v", got, want)
	}
}

// connectionEnv is the environment variables lkbot load reads its
// connection from, as its settings name them.
func connectionEnv(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, s := range load.Settings() {
		switch s.Key {
		case "url", "api_key", "api_secret":
			out = append(out, s.Env)
		}
	}
	slices.Sort(out)
	if len(out) != 3 || slices.Contains(out, "") {
		t.Fatalf("load.Settings' connection variables are %v", out)
	}
	return out
}

// TestLoadArgsAreLoadFlags checks each flag of the load Job's command
// line against lkbot load's own settings, so that a renamed flag fails
// here and not in a cluster.
func TestLoadArgsAreLoadFlags(t *testing.T) {
	m := readManifests(t)
	c := container(t, m.load, "lkbot")
	if len(c.Command) != 0 {
		t.Errorf("command is %v; leave it to the image's entrypoint (lkbot)", c.Command)
	}
	if len(c.Args) == 0 || c.Args[0] != "load" {
		t.Fatalf("args are %v, want load first", c.Args)
	}
	known := map[string]bool{"config": true}
	for _, s := range load.Settings() {
		known[s.FlagName()] = true
	}
	flags := parseFlags(t, c.Args[1:])
	for name := range flags {
		if !known[name] {
			t.Errorf("--%s is not a flag of lkbot load", name)
		}
	}
	for _, name := range []string{"config", "start-at", "report-json"} {
		if _, ok := flags[name]; !ok {
			t.Errorf("no --%s", name)
		}
	}
	if got := flags["start-at"]; got != "$(START_AT)" {
		t.Errorf("--start-at is %q, want $(START_AT)", got)
	}
	envValue(t, c, "START_AT") // Kubernetes leaves $(START_AT) as it is when the variable is not defined
	for _, ref := range regexp.MustCompile(`\$\(([A-Z_]+)\)`).FindAllStringSubmatch(strings.Join(c.Args, " "), -1) {
		if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == ref[1] }) {
			t.Errorf("args use $(%s), which the container's env does not define", ref[1])
		}
	}
}

// parseFlags reads --name=value and --name value pairs.
func parseFlags(t *testing.T, args []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := 0; i < len(args); i++ {
		name, ok := strings.CutPrefix(args[i], "--")
		if !ok {
			t.Fatalf("argument %q is not a flag (lkbot load takes no positional arguments)", args[i])
		}
		name, value, hasValue := strings.Cut(name, "=")
		if !hasValue && i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
			i++
			value = args[i]
		}
		if _, dup := out[name]; dup {
			t.Errorf("--%s is given twice", name)
		}
		out[name] = value
	}
	return out
}

// TestConfigMapIsAValidRun decodes the ConfigMap's load.yaml with lkbot
// load's own decoder, fills in what the Secret and the Job give, and
// validates the run every shard makes.
func TestConfigMapIsAValidRun(t *testing.T) {
	m := readManifests(t)
	c := container(t, m.load, "lkbot")
	flags := parseFlags(t, c.Args[1:])
	dir, file := path.Split(flags["config"])
	mount := mountAt(t, m.load.Spec.Template.Spec, path.Clean(dir))
	if mount.ConfigMap == nil || mount.ConfigMap.Name != m.config.Name {
		t.Fatalf("--config %s is not in the ConfigMap %s", flags["config"], m.config.Name)
	}
	data, ok := m.config.Data[file]
	if !ok {
		t.Fatalf("the ConfigMap has no %s", file)
	}
	cfg := load.DefaultConfig()
	if err := cfg.DecodeYAML([]byte(data)); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if cfg.Bot.URL != "" || cfg.Bot.APIKey != "" || cfg.Bot.APISecret != "" {
		t.Error("load.yaml sets the connection; it belongs in the Secret")
	}
	if cfg.Shard != "" || cfg.StartAt != "" || cfg.ReportJSON != "" {
		t.Error("load.yaml sets shard, start_at or report_json; the Job gives each shard its own")
	}
	env := map[string]string{load.EnvShardIndex: "0", load.EnvShardCount: envValue(t, c, load.EnvShardCount)}
	if err := cfg.ApplyEnvironment(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	cfg.Bot.URL = m.secret.StringData["LIVEKIT_URL"]
	cfg.Bot.APIKey = m.secret.StringData["LIVEKIT_API_KEY"]
	cfg.Bot.APISecret = m.secret.StringData["LIVEKIT_API_SECRET"]
	cfg.StartAt = "2026-12-03T10:00:00Z"
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the run in %s is not valid: %v", file, err)
	}
	shards := shardCount(t, m.load)
	if perShard := (cfg.TotalBots() + shards - 1) / shards; perShard*load.DescriptorsPerBot > 1<<16 {
		t.Errorf("%d bots per shard need more open files than a container usually gets; add shards", perShard)
	}
}

// TestMergeReadsWhatShardsWrite checks that the merge Job names every
// shard's report, on the same volume, under the name the load Job writes.
func TestMergeReadsWhatShardsWrite(t *testing.T) {
	m := readManifests(t)
	loadC := container(t, m.load, "lkbot")
	written := parseFlags(t, loadC.Args[1:])["report-json"]
	if !strings.Contains(written, "$(JOB_COMPLETION_INDEX)") {
		t.Fatalf("--report-json %s does not hold $(JOB_COMPLETION_INDEX): the shards would overwrite each other", written)
	}
	mergeC := container(t, m.merge, "merge")
	if got := envValue(t, mergeC, "SHARDS"); got != strconv.Itoa(shardCount(t, m.load)) {
		t.Errorf("the merge Job's SHARDS is %s, want the load Job's completions (%d)", got, shardCount(t, m.load))
	}
	script := strings.Join(mergeC.Args, "\n")
	read := strings.ReplaceAll(written, "$(JOB_COMPLETION_INDEX)", "${i}")
	if !strings.Contains(script, read) {
		t.Errorf("the merge script does not read %s, which the load Job writes as %s", read, written)
	}
	if !strings.Contains(script, "lkbot load merge ") {
		t.Error("the merge script does not run lkbot load merge")
	}
	for _, job := range []*batchv1.Job{m.load, m.merge} {
		v := mountAt(t, job.Spec.Template.Spec, path.Dir(written))
		if v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != m.claim.Name {
			t.Errorf("%s: %s is not the claim %s", job.Name, path.Dir(written), m.claim.Name)
		}
	}
	if v := mountAt(t, m.copier.Spec, path.Dir(written)); v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != m.claim.Name {
		t.Errorf("the reports pod does not mount %s at %s", m.claim.Name, path.Dir(written))
	}
	if !slices.Contains(m.claim.Spec.AccessModes, corev1.ReadWriteMany) {
		t.Error("the reports claim is not ReadWriteMany: shards on different nodes could not all write it")
	}
}

// shardCount is the load Job's completions.
func shardCount(t *testing.T, job *batchv1.Job) int {
	t.Helper()
	if job.Spec.Completions == nil || *job.Spec.Completions < 1 {
		t.Fatalf("%s: completions is not set", job.Name)
	}
	return int(*job.Spec.Completions)
}

func container(t *testing.T, job *batchv1.Job, name string) corev1.Container {
	t.Helper()
	for _, c := range job.Spec.Template.Spec.Containers {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s: no container %s", job.Name, name)
	return corev1.Container{}
}

// envValue is the literal value of the container's variable name.
func envValue(t *testing.T, c corev1.Container, name string) string {
	t.Helper()
	for _, e := range c.Env {
		if e.Name == name {
			if e.ValueFrom != nil {
				t.Fatalf("container %s: %s comes from elsewhere; want a literal value", c.Name, name)
			}
			return e.Value
		}
	}
	t.Fatalf("container %s: no env %s", c.Name, name)
	return ""
}

// mountAt is the volume mounted at dir in the pod's first container.
func mountAt(t *testing.T, pod corev1.PodSpec, dir string) corev1.VolumeSource {
	t.Helper()
	for _, vm := range pod.Containers[0].VolumeMounts {
		if path.Clean(vm.MountPath) != dir {
			continue
		}
		for _, v := range pod.Volumes {
			if v.Name == vm.Name {
				return v.VolumeSource
			}
		}
		t.Fatalf("volume %s is mounted but not defined", vm.Name)
	}
	t.Fatalf("nothing is mounted at %s", dir)
	return corev1.VolumeSource{}
}

// failsJobOn reports whether the policy fails the whole Job when the
// lkbot container exits with code.
func failsJobOn(p *batchv1.PodFailurePolicy, code int32) bool {
	if p == nil {
		return false
	}
	for _, r := range p.Rules {
		if r.Action == batchv1.PodFailurePolicyActionFailJob && r.OnExitCodes != nil &&
			r.OnExitCodes.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && slices.Contains(r.OnExitCodes.Values, code) {
			return true
		}
	}
	return false
}
