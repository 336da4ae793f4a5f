// Reference for scripts/bench-local-model.sh: llama.cpp's C API with nothing
// around it, measured the way llama-bench measures (its source is not shipped
// in the llama-cpp-sys-2 crate, which vendors only the libraries):
//   pp<N>: decode N tokens in batches of 512 into an empty cache;
//   tg<N>: decode N tokens one at a time (a token, no sampling), after a
//          1-token warm-up; both timed around llama_decode + synchronize.
// Prints one JSON line per test with the median of the repetitions.
//   usage: llama_ref_bench MODEL.gguf THREADS REPS PROMPTS(,…) GENS(,…)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "llama.h"

static double now_s() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

static std::vector<int> ints(const char * s) {
    std::vector<int> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(std::atoi(item.c_str()));
    return out;
}

static void quiet(ggml_log_level, const char *, void *) {}

static double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int main(int argc, char ** argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s MODEL THREADS REPS PROMPTS GENS\n", argv[0]);
        return 2;
    }
    const int threads = std::atoi(argv[2]);
    const int reps = std::atoi(argv[3]);
    llama_log_set(quiet, nullptr);
    llama_backend_init();
    llama_model * model = llama_model_load_from_file(argv[1], llama_model_default_params());
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    const llama_vocab * vocab = llama_model_get_vocab(model);
    const int n_vocab = llama_vocab_n_tokens(vocab);

    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = 4096;
    cp.n_batch = 512;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    llama_context * ctx = llama_init_from_model(model, cp);
    if (!ctx) { fprintf(stderr, "cannot create a context\n"); return 1; }
    llama_batch batch = llama_batch_init(512, 0, 1);
    std::srand(1);

    auto decode_prompt = [&](int n) {
        for (int done = 0; done < n;) {
            const int len = std::min(512, n - done);
            batch.n_tokens = len;
            for (int i = 0; i < len; i++) {
                batch.token[i] = done == 0 && i == 0 ? llama_vocab_bos(vocab) : std::rand() % n_vocab;
                batch.pos[i] = done + i;
                batch.n_seq_id[i] = 1;
                batch.seq_id[i][0] = 0;
                batch.logits[i] = done + i == n - 1;
            }
            if (llama_decode(ctx, batch) != 0) { fprintf(stderr, "decode failed\n"); std::exit(1); }
            done += len;
        }
        llama_synchronize(ctx);
    };
    auto decode_gen = [&](int n) {
        llama_token token = llama_vocab_bos(vocab);
        for (int i = 0; i < n; i++) {
            batch.n_tokens = 1;
            batch.token[0] = token;
            batch.pos[0] = i;
            batch.n_seq_id[0] = 1;
            batch.seq_id[0][0] = 0;
            batch.logits[0] = true;
            if (llama_decode(ctx, batch) != 0) { fprintf(stderr, "decode failed\n"); std::exit(1); }
            llama_synchronize(ctx);
            token = std::rand() % n_vocab;
        }
    };
    auto run = [&](const char * kind, int n, auto && body) {
        llama_memory_clear(llama_get_memory(ctx), true);
        body(1);  // warm-up
        std::vector<double> rates;
        for (int r = 0; r < reps; r++) {
            llama_memory_clear(llama_get_memory(ctx), true);
            const double t0 = now_s();
            body(n);
            rates.push_back(n / (now_s() - t0));
        }
        printf("{\"test\":\"%s%d\",\"n\":%d,\"threads\":%d,\"tok_s\":%.2f}\n", kind, n, n, threads, median(rates));
        fflush(stdout);
    };
    for (int n : ints(argv[4])) run("pp", n, decode_prompt);
    for (int n : ints(argv[5])) run("tg", n, decode_gen);

    llama_batch_free(batch);
    llama_free(ctx);
    llama_model_free(model);
    return 0;
}
