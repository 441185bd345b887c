# The answers to the exercises of notebooks/07_sgns_and_pmi.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
pmi_king_throne = np.log(counts[i, j] * counts.sum() / (counts[i].sum() * counts[:, j].sum())) - np.log(5)  # ANSWER

# Exercise 2
shift_change = -np.log(15 / 5)  # ANSWER

# Exercise 3
spmi_cds = shifted_pmi(counts, 5, context_power=0.75)  # ANSWER
sppmi = np.where(np.isfinite(spmi_cds), np.maximum(spmi_cds, 0.0), 0.0)  # ANSWER: (V, V), the -inf cells become 0
svd = np.linalg.svd(sppmi)  # ANSWER: svd.U, svd.S
svd_vectors = svd.U[:, :100] * np.sqrt(svd.S[:100])  # ANSWER: (V, 100)
svd_accuracy = evaluate_analogies(Vectors(vocab.words, svd_vectors), BUNDLED_ANALOGIES).accuracy  # ANSWER
