"""Teaching views in pure Python: masked-LM samples, the sampler's path from logits to a token,
will-it-fit memory arithmetic, and perplexity. No Qt here."""
