// placeholder until the server entry lands
